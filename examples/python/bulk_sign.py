"""Signs every PDF of a folder into another folder, on all cores, with a progress bar.

    python examples/python/bulk_sign.py INBOX OUTBOX --p12 signer.p12
    python examples/python/bulk_sign.py INBOX OUTBOX --key key.pem --cert cert.pem --chain chain.pem

The passphrase of the PKCS#12 file or key comes from $TTE_PASSPHRASE, else a prompt.
Signed files get the same names in OUTBOX; a file that fails leaves nothing there and
is listed in the summary. Exit status: 0 when every file was signed, 1 otherwise.
"""

from __future__ import annotations

import argparse
import getpass
import os
import sys
import time
from pathlib import Path
from typing import Optional, Sequence

from tqdm import tqdm

import tte


def signing_material(args: argparse.Namespace) -> tuple[tte.PrivateKey, tte.Certificate, list[tte.Certificate]]:
    """The key, its certificate and the chain to embed, from a PKCS#12 file or PEM files."""
    passphrase = os.environ.get("TTE_PASSPHRASE") or getpass.getpass("Passphrase: ")
    if args.p12:
        return tte.load_pkcs12(args.p12.read_bytes(), passphrase)
    key = tte.PrivateKey.from_pem(args.key.read_bytes(), passphrase)
    chain = tte.Certificate.load_all(args.chain.read_bytes()) if args.chain else []
    return key, tte.Certificate.load(args.cert.read_bytes()), chain


def parse(argv: Optional[Sequence[str]]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("inbox", type=Path, help="folder of PDF files to sign")
    parser.add_argument("outbox", type=Path, help="folder for the signed files (created if missing)")
    material = parser.add_mutually_exclusive_group(required=True)
    material.add_argument("--p12", type=Path, help="PKCS#12 file with key, certificate and chain")
    material.add_argument("--key", type=Path, help="encrypted PKCS#8 key (PEM); needs --cert")
    parser.add_argument("--cert", type=Path, help="the key's certificate (PEM)")
    parser.add_argument("--chain", type=Path, help="certificates to embed (PEM bundle)")
    parser.add_argument("--reason", default="Ditandatangani secara elektronik")
    parser.add_argument("--location", default=None)
    parser.add_argument("--threads", type=int, default=None, help="worker threads (default: all cores)")
    args = parser.parse_args(argv)
    if args.key and not args.cert:
        parser.error("--key needs --cert")
    return args


def main(argv: Optional[Sequence[str]] = None) -> int:
    args = parse(argv)
    key, certificate, chain = signing_material(args)
    sources = sorted(p for p in args.inbox.iterdir() if p.suffix.lower() == ".pdf")
    args.outbox.mkdir(parents=True, exist_ok=True)
    jobs = [(source, args.outbox / source.name) for source in sources]
    options = tte.SignOptions(reason=args.reason, location=args.location)

    started = time.perf_counter()
    with tqdm(total=len(jobs), unit="doc", desc="Menandatangani") as bar:

        def progress(done: int, total: int, failed: int) -> None:
            bar.update(1)  # one call per document on disk
            bar.set_postfix(gagal=failed, refresh=False)

        results = tte.sign_many(
            jobs, key, certificate, chain=chain, options=options, threads=args.threads, progress=progress
        )
    elapsed = time.perf_counter() - started

    failed = [result for result in results if not result.signed]
    rate = len(results) / elapsed if elapsed > 0 else 0.0
    print(f"{len(results) - len(failed)} of {len(results)} signed in {elapsed:.2f} s ({rate:.1f} docs/s)")
    for result in failed:
        assert result.error is not None
        print(f"  not signed: {result.source.name}: [{result.error.code}] {result.error.message_en}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
