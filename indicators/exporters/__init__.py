"""Scorecard exports: an XLSX workbook (openpyxl) and a printable PDF board pack (WeasyPrint)."""
