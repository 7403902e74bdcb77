"""Imposition stage: a pure plan of where each face goes on a sheet side, then drawn by the PDF stage."""
