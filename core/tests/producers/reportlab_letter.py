"""Writes a two-page letter with reportlab (a producer other than tte), for the tests.

Usage: python reportlab_letter.py OUT.pdf
"""
import sys

from reportlab.lib.pagesizes import A4
from reportlab.pdfgen import canvas

out = sys.argv[1]
c = canvas.Canvas(out, pagesize=A4)
c.setTitle("Surat uji reportlab")
for page in (1, 2):
    c.setFont("Helvetica", 12)
    c.drawString(72, 770, f"SURAT EDARAN (uji) halaman {page}")
    c.drawString(72, 750, "Dibuat dengan reportlab untuk pengujian tanda tangan.")
    c.showPage()
c.save()
