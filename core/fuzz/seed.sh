#!/usr/bin/env bash
# Seeds the fuzz corpora (core/fuzz/corpus/<target>/) from what `make demo` writes: the
# letters (plain and signed), certificates, the CSR, the CRL, the encrypted key, the
# audit log; plus DER forms and a CMS made by openssl. The corpora are not committed.
set -euo pipefail
cd "$(dirname "$0")"
demo=${1:-../../target/tte-demo}
[ -f "$demo/nota-dinas-signed.pdf" ] || { echo "run make demo first ($demo)"; exit 1; }
corpus=corpus
mkdir -p "$corpus"/{pdf_read,pdf_sign_verify,x509,cms,private_keys,lifecycle_json,prepared_state}
for t in pdf_read pdf_sign_verify; do cp "$demo"/nota-dinas*.pdf "$corpus/$t/"; done
ca="$demo/authority/ca"
cp "$demo"/certificate-*.pem "$ca/ca.pem" "$ca/root.pem" "$ca/crl.pem" "$demo/budi.csr" "$corpus/x509/"
openssl x509 -in "$ca/ca.pem" -outform DER -out "$corpus/x509/ca.der"
openssl crl -in "$ca/crl.pem" -outform DER -out "$corpus/x509/crl.der"
openssl req -in "$demo/budi.csr" -outform DER -out "$corpus/x509/csr.der"
cp "$demo/budi-key.pem" "$corpus/private_keys/"
openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out "$corpus/private_keys/ec.pem" 2>/dev/null
openssl pkcs8 -topk8 -nocrypt -in "$corpus/private_keys/ec.pem" -outform DER -out "$corpus/private_keys/ec.der"
openssl req -new -x509 -key "$corpus/private_keys/ec.pem" -subj "/CN=Fuzz/O=Fuzz/C=ID" -days 30 -out "$corpus/cms-cert.pem"
openssl pkcs12 -export -inkey "$corpus/private_keys/ec.pem" -in "$corpus/cms-cert.pem" -passout pass:Kunci#Rahasia2024x \
  -out "$corpus/private_keys/id.p12"
openssl cms -sign -binary -md sha256 -nosmimecap -outform DER -in "$demo/nota-dinas.pdf" -signer "$corpus/cms-cert.pem" \
  -inkey "$corpus/private_keys/ec.pem" -out "$corpus/cms/openssl.p7s"
rm "$corpus/cms-cert.pem"
cp "$demo/audit-log.json" "$corpus/lifecycle_json/"
echo '{"PortalRegistration":{"applicant":{"name":"Rina","email":"rina@kaltimprov.go.id","institution":"Dinas","echelon":"III"}}}' \
  > "$corpus/lifecycle_json/request.json"
echo '{"Return":{"reason":"berkas kurang"}}' > "$corpus/lifecycle_json/action.json"
# A real two-phase state and its prepared file, joined by a NUL byte.
tte=../../target/debug/tte
if [ -x "$tte" ]; then
  work=$(mktemp -d)
  "$tte" prepare "$demo/nota-dinas.pdf" --cert "$demo/certificate-1.pem" --state "$work/state.json" \
    --prepared "$work/prepared.pdf" --to-be-signed "$work/tbs.bin" > /dev/null
  { cat "$work/state.json"; printf '\0'; cat "$work/prepared.pdf"; } > "$corpus/prepared_state/state"
  rm -rf "$work"
fi
echo "seeded: $(find "$corpus" -type f | wc -l) files"
