"""Adds a document timestamp (a /DocTimeStamp signature, ETSI.RFC3161) to a PDF with
pyHanko, which acts as its own TSA with the certificate and encrypted key given: the
benign validation-data update of the modification-analysis tests.

Usage: doc_timestamp.py IN.pdf OUT.pdf TSA_CERT.pem TSA_KEY.pem PASSPHRASE
"""

import sys

from pyhanko.keys import load_cert_from_pemder, load_private_key_from_pemder
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.sign.signers.pdf_signer import PdfTimeStamper
from pyhanko.sign.timestamps.dummy_client import DummyTimeStamper

source, target, cert, key, passphrase = sys.argv[1:6]
tsa = DummyTimeStamper(
    tsa_cert=load_cert_from_pemder(cert),
    tsa_key=load_private_key_from_pemder(key, passphrase=passphrase.encode()),
)
with open(source, "rb") as document, open(target, "wb") as stamped:
    PdfTimeStamper(tsa).timestamp_pdf(IncrementalPdfFileWriter(document), "sha256", output=stamped)
