"""Render stage: faces → compressed PDF content streams (for pages, or for forms that imposition places),
and the resources they name. The resources are made once per build (pdf/resources.py: a resource
document drawn with ReportLab's public API and read back with pypdf, with the cards' photos made on their
own, pdf/photos.py, into a picklable Kit); the content streams are written by our own code
(pdf/content.py) from the faces and the Kit alone."""

from fichegen.pdf.content import face_contents, form_contents, furniture_contents, page_contents
from fichegen.pdf.photos import Photo, photo
from fichegen.pdf.resources import (REGISTRATION, Document, FontCodes, Kit, Resources, compose, document, prepare,
                                    resource_pdf)

__all__ = ["REGISTRATION", "Document", "FontCodes", "Kit", "Photo", "Resources", "compose", "document", "face_contents",
           "form_contents", "furniture_contents", "page_contents", "photo", "prepare", "resource_pdf"]
