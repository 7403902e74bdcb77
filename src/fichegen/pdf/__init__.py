"""PDF stage: faces → content streams, and the file that holds them. The only code that writes PDF objects."""
