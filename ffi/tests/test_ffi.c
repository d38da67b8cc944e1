/* C tests of libtte: every exported function's success and error paths, run under
 * valgrind and AddressSanitizer by run-abi-tests.sh. Usage: test_ffi DEMO_DIR
 * (DEMO_DIR as written by `tte demo --out DEMO_DIR`: a letter, a key, certificates). */
#define _POSIX_C_SOURCE 200809L /* getpid */
#include <stdatomic.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "tte.h"

static int passed = 0, failed = 0;

#define CHECK(cond)                                                             \
  do {                                                                          \
    if (cond) {                                                                 \
      passed++;                                                                 \
    } else {                                                                    \
      failed++;                                                                 \
      fprintf(stderr, "FAILED %s:%d: %s\n", __FILE__, __LINE__, #cond);       \
    }                                                                           \
  } while (0)

static char *read_file(const char *dir, const char *name, size_t *len) {
  char path[4096];
  snprintf(path, sizeof path, "%s/%s", dir, name);
  FILE *f = fopen(path, "rb");
  if (!f) {
    fprintf(stderr, "cannot open %s\n", path);
    exit(2);
  }
  fseek(f, 0, SEEK_END);
  long size = ftell(f);
  fseek(f, 0, SEEK_SET);
  char *buffer = malloc((size_t)size + 1);
  size_t got = fread(buffer, 1, (size_t)size, f);
  fclose(f);
  buffer[got] = '\0';
  if (len) *len = got;
  return buffer;
}

static void test_version_and_errors(void) {
  CHECK(strlen(tte_version()) > 0);
  CHECK(tte_last_error_code() == TTE_OK);
  CHECK(strcmp(tte_last_error_en(), "") == 0);
  tte_bytes_free(NULL);
}

static void test_checks(void) {
  tte_bytes *out = NULL;
  CHECK(tte_check_nik("6472054508880001", &out) == TTE_OK);
  CHECK(out != NULL && strstr((const char *)out->data, "birth_date") != NULL);
  tte_bytes_free(out);

  out = NULL;
  CHECK(tte_check_nik("6472053208880001", &out) == 1005);
  CHECK(out == NULL);
  CHECK(tte_last_error_code() == 1005);
  CHECK(strstr(tte_last_error_id(), "tanggal lahir") != NULL);
  CHECK(strstr(tte_last_error_en(), "birth date") != NULL);

  CHECK(tte_check_nik(NULL, &out) == TTE_NULL_POINTER);
  CHECK(tte_check_nik("6472054508880001", NULL) == TTE_NULL_POINTER);
  CHECK(tte_check_nik("\xff\xfe", &out) == TTE_INVALID_UTF8);
  CHECK(out == NULL);

  CHECK(tte_check_nip("19880805 201212 2 001", &out) == TTE_OK);
  tte_bytes_free(out);
  out = NULL;
  CHECK(tte_check_nip("123", &out) == 1001);

  /* The registration cross-check: one person's NIK and NIP, or the disagreement named. */
  CHECK(tte_check_nik_nip("6472054508880001", "19880805 201212 2 001", &out) == TTE_OK);
  CHECK(out && strstr((const char *)out->data, "\"birth_date\"") != NULL);
  tte_bytes_free(out);
  out = NULL;
  CHECK(tte_check_nik_nip("6472051203750002", "19880805 201212 2 001", &out) == 1011);
  CHECK(out == NULL && strstr(tte_last_error_en(), "disagree on the birth date") != NULL);
  CHECK(tte_check_nik_nip("6472050508880001", "19880805 201212 2 001", &out) == 1012);
  CHECK(tte_check_nik_nip(NULL, "19880805 201212 2 001", &out) == TTE_NULL_POINTER);

  CHECK(tte_check_email("guru@kemdikbud.go.id", NULL, false, &out) == 1014);
  CHECK(tte_check_email("guru@kemdikbud.go.id", NULL, true, &out) == TTE_OK);
  tte_bytes_free(out);
  out = NULL;
  CHECK(tte_check_email("a@kaltaraprov.go.id", "kaltaraprov.go.id, kaltimprov.go.id", false, &out) == TTE_OK);
  tte_bytes_free(out);
  out = NULL;
  CHECK(tte_check_email(NULL, NULL, false, &out) == TTE_NULL_POINTER);

  CHECK(tte_check_phone("0812-3456-7890", &out) == TTE_OK);
  CHECK(out && strstr((const char *)out->data, "+6281234567890") != NULL);
  tte_bytes_free(out);
  out = NULL;
  CHECK(tte_check_phone("0541731963", &out) == 1015);

  CHECK(tte_check_passphrase("Kopi#Tubruk8", NULL) == TTE_OK);
  CHECK(tte_last_error_code() == TTE_OK);
  CHECK(tte_check_passphrase("password", NULL) == 1200);
  CHECK(strstr(tte_last_error_en(), "too common") != NULL);
  CHECK(tte_check_passphrase("Contoh#2026x", "Siti Contoh") == 1200);
  CHECK(tte_check_passphrase(NULL, NULL) == TTE_NULL_POINTER);
}

static void test_keys(void) {
  tte_bytes *pem = NULL;
  CHECK(tte_key_generate("p256", "Kunci#Rahasia7", &pem) == TTE_OK);
  CHECK(pem && strncmp((const char *)pem->data, "-----BEGIN ENCRYPTED PRIVATE KEY-----", 37) == 0);
  tte_bytes_free(pem);
  pem = NULL;
  CHECK(tte_key_generate("dsa1024", "Kunci#Rahasia7", &pem) == TTE_INVALID_ARGUMENT);
  CHECK(tte_key_generate("p256", "lemah", &pem) == 1200);
  CHECK(pem == NULL);
  CHECK(tte_key_generate("p256", "Kunci#Rahasia7", NULL) == TTE_NULL_POINTER);

  /* A CSR from a new key; its subject JSON and passphrase are checked. */
  CHECK(tte_key_generate("p256", "Kunci#Rahasia7", &pem) == TTE_OK);
  const char *subject = "{\"common_name\":\"Rina Sintetis\",\"organization\":\"Dinas Kominfo\","
                        "\"email\":\"rina.sintetis@kaltimprov.go.id\"}";
  tte_bytes *csr = NULL;
  if (pem) {
    const char *key = (const char *)pem->data;
    CHECK(tte_csr_create(key, "Kunci#Rahasia7", subject, &csr) == TTE_OK);
    CHECK(csr && strncmp((const char *)csr->data, "-----BEGIN CERTIFICATE REQUEST-----", 35) == 0);
    tte_bytes_free(csr);
    csr = NULL;
    CHECK(tte_csr_create(key, "Salah#Sandi9", subject, &csr) == 2031);
    CHECK(tte_csr_create(key, "Kunci#Rahasia7", "{\"common_name\":\"X\"}", &csr) == TTE_INVALID_ARGUMENT);
    CHECK(tte_csr_create(key, "Kunci#Rahasia7", NULL, &csr) == TTE_NULL_POINTER);
    CHECK(tte_csr_create("not a key", "Kunci#Rahasia7", subject, &csr) == 4001);
    CHECK(csr == NULL);

    tte_bytes *signature = NULL;
    const uint8_t data[] = "bytes to sign";
    CHECK(tte_key_sign(key, "Kunci#Rahasia7", false, data, sizeof data, &signature) == TTE_OK);
    CHECK(signature && signature->len > 64 && signature->data[0] == 0x30); /* ECDSA: a DER SEQUENCE */
    tte_bytes_free(signature);
    signature = NULL;
    CHECK(tte_key_sign(key, "Salah#Sandi9", false, data, sizeof data, &signature) == 2031);
    CHECK(tte_key_sign(key, "Kunci#Rahasia7", false, NULL, 0, &signature) == TTE_NULL_POINTER);
    CHECK(signature == NULL);
  }
  tte_bytes_free(pem);
}

/* Two-phase signing: prepare without the key, sign the bytes elsewhere, finish. */
static void test_two_phase(const char *pdf, size_t pdf_len, const char *key, const char *cert, const char *chain,
                           const char *root) {
  tte_bytes *state = NULL, *prepared = NULL, *to_be_signed = NULL, *signature = NULL, *signed_pdf = NULL,
            *report = NULL;
  CHECK(tte_pdf_prepare((const uint8_t *)pdf, pdf_len, cert, chain, true, NULL, &state, &prepared, &to_be_signed) ==
        TTE_OK);
  if (!state || !prepared || !to_be_signed) return;
  CHECK(strstr((const char *)state->data, "Teh#Manis77x") == NULL);
  CHECK(state->len < 8192 && prepared->len > pdf_len);
  CHECK(tte_key_sign(key, "Teh#Manis77x", true, to_be_signed->data, to_be_signed->len, &signature) == TTE_OK);
  if (signature) {
    /* A damaged signature is refused before any PDF is made. */
    signature->data[10] ^= 1;
    CHECK(tte_pdf_finish((const char *)state->data, prepared->data, prepared->len, signature->data, signature->len,
                         &signed_pdf) != TTE_OK);
    CHECK(signed_pdf == NULL);
    signature->data[10] ^= 1;
    /* A prepared PDF that is not the one of the state is refused with 5013. */
    prepared->data[20] ^= 1;
    CHECK(tte_pdf_finish((const char *)state->data, prepared->data, prepared->len, signature->data, signature->len,
                         &signed_pdf) == 5013);
    CHECK(signed_pdf == NULL);
    prepared->data[20] ^= 1;
    CHECK(tte_pdf_finish((const char *)state->data, prepared->data, prepared->len, signature->data, signature->len,
                         &signed_pdf) == TTE_OK);
  }
  if (signed_pdf) {
    CHECK(tte_verify_pdf(signed_pdf->data, signed_pdf->len, root, 0, &report) == TTE_OK);
    CHECK(report && strstr((const char *)report->data, "\"valid\":true") != NULL);
  }
  tte_bytes *none = NULL;
  CHECK(tte_pdf_finish("{\"not\":\"a state\"}", prepared->data, prepared->len, (const uint8_t *)"x", 1, &none) ==
        TTE_INVALID_ARGUMENT);
  CHECK(tte_pdf_finish_with_cms((const char *)state->data, prepared->data, prepared->len, (const uint8_t *)"garbage", 7,
                                &none) != TTE_OK);
  CHECK(tte_pdf_finish((const char *)state->data, prepared->data, prepared->len, NULL, 0, &none) == TTE_NULL_POINTER);
  CHECK(tte_pdf_finish((const char *)state->data, NULL, 0, signature->data, signature->len, &none) == TTE_NULL_POINTER);
  CHECK(tte_pdf_prepare((const uint8_t *)pdf, pdf_len, cert, NULL, false, NULL, &none, &none, NULL) == TTE_NULL_POINTER);
  CHECK(tte_pdf_prepare((const uint8_t *)"garbage", 7, cert, NULL, false, NULL, &none, &none, &none) == 5001);
  CHECK(none == NULL);
  tte_bytes_free(report);
  tte_bytes_free(signed_pdf);
  tte_bytes_free(signature);
  tte_bytes_free(to_be_signed);
  tte_bytes_free(prepared);
  tte_bytes_free(state);
}

static void count_progress(size_t done, size_t total, size_t failed, void *user_data) {
  (void)failed;
  if (done <= total) atomic_fetch_add((atomic_int *)user_data, 1);
}

static int file_exists(const char *path) {
  FILE *f = fopen(path, "rb");
  if (f) fclose(f);
  return f != NULL;
}

/* Bulk signing: two letters and a missing file, on two threads. */
static void test_bulk(const char *dir, const char *key, const char *cert, const char *chain, const char *root) {
  char jobs[32768], out1[4096], out2[4096], out3[4096];
  snprintf(out1, sizeof out1, "%s/bulk-1.pdf", dir);
  snprintf(out2, sizeof out2, "%s/bulk-2.pdf", dir);
  snprintf(out3, sizeof out3, "%s/bulk-3.pdf", dir);
  snprintf(jobs, sizeof jobs,
           "[{\"input\":\"%s/nota-dinas.pdf\",\"output\":\"%s\"},"
           "{\"input\":\"%s/no-such-letter.pdf\",\"output\":\"%s\"},"
           "{\"input\":\"%s/nota-dinas.pdf\",\"output\":\"%s\"}]",
           dir, out1, dir, out3, dir, out2);
  remove(out1); /* left by an earlier run of these tests on the same folder */
  remove(out2);
  atomic_int calls = 0;
  tte_bytes *report = NULL;
  CHECK(tte_sign_pdf_files(jobs, key, "Salah#Sandi9", cert, chain, NULL, 2, count_progress, &calls, &report) == 2031);
  CHECK(report == NULL && !file_exists(out1) && atomic_load(&calls) == 0);
  CHECK(tte_sign_pdf_files("[{\"input\":1}]", key, "Teh#Manis77x", cert, chain, NULL, 2, NULL, NULL, &report) ==
        TTE_INVALID_ARGUMENT);
  CHECK(tte_sign_pdf_files(jobs, key, "Teh#Manis77x", cert, chain, NULL, 2, NULL, NULL, NULL) == TTE_NULL_POINTER);
  /* Two documents to one output: refused before any work, nothing written. */
  char colliding[16384];
  snprintf(colliding, sizeof colliding,
           "[{\"input\":\"%s/nota-dinas.pdf\",\"output\":\"%s\"},"
           "{\"input\":\"%s/nota-dinas-signed.pdf\",\"output\":\"%s\"}]",
           dir, out1, dir, out1);
  CHECK(tte_sign_pdf_files(colliding, key, "Teh#Manis77x", cert, chain, NULL, 2, count_progress, &calls, &report) ==
        4012);
  CHECK(report == NULL && !file_exists(out1) && atomic_load(&calls) == 0);

  CHECK(tte_sign_pdf_files(jobs, key, "Teh#Manis77x", cert, chain, NULL, 2, count_progress, &calls, &report) == TTE_OK);
  CHECK(atomic_load(&calls) == 3);
  CHECK(report && strstr((const char *)report->data, "\"signed\":false,\"code\":4011") != NULL);
  CHECK(file_exists(out1) && file_exists(out2) && !file_exists(out3));
  size_t len = 0;
  char *signed_pdf = read_file(dir, "bulk-2.pdf", &len);
  tte_bytes *verified = NULL;
  CHECK(tte_verify_pdf((const uint8_t *)signed_pdf, len, root, 0, &verified) == TTE_OK);
  CHECK(verified && strstr((const char *)verified->data, "\"valid\":true") != NULL);
  tte_bytes_free(verified);
  tte_bytes_free(report);
  free(signed_pdf);
}

static void test_pdf(const char *dir) {
  size_t pdf_len = 0;
  char *pdf = read_file(dir, "nota-dinas.pdf", &pdf_len);
  char *key = read_file(dir, "budi-key.pem", NULL);
  char *cert = read_file(dir, "certificate-3.pem", NULL);
  char *chain = read_file(dir, "authority/ca/ca.pem", NULL);
  char *root = read_file(dir, "authority/ca/root.pem", NULL);

  tte_bytes *signed_pdf = NULL;
  const char *options = "{\"reason\":\"Menyetujui\",\"location\":\"Samarinda\"}";
  CHECK(tte_sign_pdf((const uint8_t *)pdf, pdf_len, key, "Teh#Manis77x", cert, chain, options, &signed_pdf) == TTE_OK);
  CHECK(signed_pdf && signed_pdf->len > pdf_len);

  tte_bytes *report = NULL;
  if (signed_pdf) {
    CHECK(tte_verify_pdf(signed_pdf->data, signed_pdf->len, root, 0, &report) == TTE_OK);
    CHECK(report && strstr((const char *)report->data, "\"valid\":true") != NULL);
    /* Options without signing_time: the signature still claims the signing time. */
    CHECK(report && strstr((const char *)report->data, "\"claimed_time\":\"D:") != NULL);
    tte_bytes_free(report);
    report = NULL;
    /* One flipped byte in the signed content: the report says invalid. */
    signed_pdf->data[200] ^= 1;
    CHECK(tte_verify_pdf(signed_pdf->data, signed_pdf->len, root, 0, &report) == TTE_OK);
    CHECK(report && strstr((const char *)report->data, "\"valid\":false") != NULL);
    tte_bytes_free(report);
    report = NULL;
  }
  tte_bytes_free(signed_pdf);

  tte_bytes *out = NULL;
  CHECK(tte_sign_pdf((const uint8_t *)"garbage", 7, key, "Teh#Manis77x", cert, NULL, NULL, &out) == 5001);
  CHECK(out == NULL);
  CHECK(tte_sign_pdf((const uint8_t *)pdf, pdf_len, key, "Salah#Sandi9", cert, NULL, NULL, &out) == 2031);
  CHECK(tte_sign_pdf((const uint8_t *)pdf, pdf_len, key, "Teh#Manis77x", cert, NULL, "{not json", &out) == TTE_INVALID_ARGUMENT);
  CHECK(tte_sign_pdf(NULL, 0, key, "Teh#Manis77x", cert, NULL, NULL, &out) == TTE_NULL_POINTER);
  CHECK(tte_sign_pdf((const uint8_t *)pdf, pdf_len, key, "Teh#Manis77x", "not a certificate", NULL, NULL, &out) == 4001);
  CHECK(out == NULL);
  CHECK(tte_verify_pdf((const uint8_t *)pdf, pdf_len, "not pem", 0, &out) == 4001);
  CHECK(tte_verify_pdf((const uint8_t *)pdf, pdf_len, root, 0, NULL) == TTE_NULL_POINTER);

  test_two_phase(pdf, pdf_len, key, cert, chain, root);
  test_bulk(dir, key, cert, chain, root);

  free(pdf);
  free(key);
  free(cert);
  free(chain);
  free(root);
}

/* The value of the first "key":"..." in a JSON buffer, copied into `out`. */
static int json_string(const tte_bytes *json, const char *key, char *out, size_t size) {
  char pattern[64];
  snprintf(pattern, sizeof pattern, "\"%s\":\"", key);
  const char *start = strstr((const char *)json->data, pattern);
  if (!start) return 0;
  start += strlen(pattern);
  const char *end = strchr(start, '"');
  if (!end || (size_t)(end - start) >= size) return 0;
  memcpy(out, start, (size_t)(end - start));
  out[end - start] = '\0';
  return 1;
}

#define UNKNOWN_CERTIFICATE 2115 /* the library's code for an unknown certificate */
#define CERTIFICATE_NOT_ACTIVE 2116 /* the library's code for a revoked or expired certificate */

/* The local CA on its own: create, open, issue from a CSR, revoke, CRLs. */
static void test_ca(const char *dir) {
  char ca_dir[4096];
  snprintf(ca_dir, sizeof ca_dir, "%s/ca-%ld", dir, (long)getpid());
  const char *pass = "Kunci#CaUji2026";
  tte_ca *ca = NULL;
  CHECK(tte_ca_create(ca_dir, "Dinas Uji", "dsa1024", pass, &ca) == TTE_INVALID_ARGUMENT);
  CHECK(tte_ca_create(ca_dir, "Dinas Uji", "p256", "lemah", &ca) == 1200);
  CHECK(tte_ca_create(ca_dir, NULL, "p256", pass, &ca) == TTE_NULL_POINTER);
  CHECK(ca == NULL);
  CHECK(tte_ca_create(ca_dir, "Dinas Uji", "p256", pass, &ca) == TTE_OK);
  tte_ca_free(ca);
  ca = NULL;
  CHECK(tte_ca_create(ca_dir, "Dinas Uji", "p256", pass, &ca) == 4011);
  CHECK(tte_ca_open(ca_dir, "Salah#Sandi9", &ca) == 2031);
  CHECK(ca == NULL);
  CHECK(tte_ca_open(ca_dir, pass, &ca) == TTE_OK);
  if (!ca) return;
  tte_ca_free(NULL);

  tte_bytes *chain = NULL, *key = NULL, *csr = NULL, *cert = NULL, *info = NULL, *crl = NULL;
  CHECK(tte_ca_chain(ca, &chain) == TTE_OK);
  CHECK(chain && strstr(strstr((const char *)chain->data, "BEGIN CERTIFICATE") + 1, "BEGIN CERTIFICATE") != NULL);
  const char *subject = "{\"common_name\":\"Rina Sintetis\",\"organization\":\"Dinas Uji\"}";
  CHECK(tte_key_generate("p256", "Kunci#Rahasia7", &key) == TTE_OK);
  if (key) CHECK(tte_csr_create((const char *)key->data, "Kunci#Rahasia7", subject, &csr) == TTE_OK);
  if (csr) {
    const char *other = "{\"common_name\":\"Orang Lain\",\"organization\":\"Dinas Uji\"}";
    CHECK(tte_ca_issue(ca, (const char *)csr->data, other, &cert) == 2118);
    CHECK(tte_ca_issue(ca, "not a csr", subject, &cert) == 4001);
    CHECK(tte_ca_issue(NULL, (const char *)csr->data, subject, &cert) == TTE_NULL_POINTER);
    CHECK(cert == NULL);
    CHECK(tte_ca_issue(ca, (const char *)csr->data, subject, &cert) == TTE_OK);
  }
  char serial[128] = "";
  if (cert) {
    CHECK(tte_certificate_info((const char *)cert->data, &info) == TTE_OK);
    CHECK(info && json_string(info, "serial", serial, sizeof serial));
    CHECK(info && strstr((const char *)info->data, "\"subject\":\"CN=Rina Sintetis,O=Dinas Uji,C=ID\"") != NULL);
    CHECK(info && strstr((const char *)info->data, "\"is_ca\":false") != NULL);
    tte_bytes_free(info);
    info = NULL;
  }
  CHECK(tte_certificate_info("garbage", &info) == 4001);
  CHECK(info == NULL);
  CHECK(tte_ca_revoke(ca, serial, 7, &crl) == 4003);
  CHECK(tte_ca_revoke(ca, "00", 1, &crl) == 2115);
  CHECK(crl == NULL);
  CHECK(tte_ca_revoke(ca, serial, 1, &crl) == TTE_OK);
  CHECK(crl && strncmp((const char *)crl->data, "-----BEGIN X509 CRL-----", 24) == 0);
  tte_bytes_free(crl);
  crl = NULL;
  CHECK(tte_ca_revoke(ca, serial, 1, &crl) == CERTIFICATE_NOT_ACTIVE);
  CHECK(tte_ca_crl(ca, &crl) == TTE_OK);
  CHECK(crl && crl->len > 100);
  CHECK(tte_ca_crl(ca, NULL) == TTE_NULL_POINTER);
  tte_bytes_free(crl);
  tte_bytes_free(cert);
  tte_bytes_free(csr);
  tte_bytes_free(key);
  tte_bytes_free(chain);
  tte_ca_free(ca);
}

/* The key store of the demo's authority: status, public key, refusals. */
static void test_keystore(const char *dir) {
  char path[4096];
  snprintf(path, sizeof path, "%s/authority/keystore", dir);
  tte_keystore *store = NULL;
  CHECK(tte_keystore_open("/nonexistent/keystore", &store) != TTE_OK);
  CHECK(tte_keystore_open(path, NULL) == TTE_NULL_POINTER);
  CHECK(store == NULL);
  CHECK(tte_keystore_open(path, &store) == TTE_OK);
  if (!store) return;
  tte_keystore_free(NULL);
  tte_bytes *json = NULL, *der = NULL;
  CHECK(tte_keystore_status(store, "AKUN-000001", &json) == TTE_OK);
  CHECK(json && strstr((const char *)json->data, "\"suspended\":false") != NULL);
  tte_bytes_free(json);
  json = NULL;
  CHECK(tte_keystore_public_key(store, "AKUN-000001", &der) == TTE_OK);
  CHECK(der && der->len > 200 && der->data[0] == 0x30);
  tte_bytes_free(der);
  der = NULL;
  CHECK(tte_keystore_status(store, "AKUN-999999", &json) != TTE_OK);
  CHECK(tte_keystore_public_key(store, "AKUN-999999", &der) != TTE_OK);
  CHECK(tte_keystore_status(NULL, "AKUN-000001", &json) == TTE_NULL_POINTER);
  CHECK(json == NULL && der == NULL);
  CHECK(tte_keystore_change_passphrase(store, "AKUN-000001", NULL, "Baru#Sandi2026") == TTE_NULL_POINTER);
  CHECK(tte_keystore_change_passphrase(store, "AKUN-000001", "Salah#Tebak9", "Baru#Sandi2026") == 2031);
  /* That wrong passphrase was counted by the store's brute-force rule. */
  CHECK(tte_keystore_status(store, "AKUN-000001", &json) == TTE_OK);
  CHECK(json && strstr((const char *)json->data, "\"failed_attempts\":0") == NULL);
  tte_bytes_free(json);
  tte_keystore_free(store);
}

static void test_office(const char *dir) {
  char authority[4096];
  snprintf(authority, sizeof authority, "%s/authority", dir);
  const char *ca_pass = "Kunci#KantorDemo7";
  const char *siti = "{\"id\":\"siti.uji@kaltimprov.go.id\",\"role\":\"Applicant\"}";
  const char *request =
      "{\"PortalRegistration\":{\"applicant\":{\"name\":\"Siti Uji\",\"email\":\"siti.uji@kaltimprov.go.id\","
      "\"institution\":\"Dinas Komunikasi dan Informatika\",\"echelon\":\"III\"}}}";

  tte_office *office = NULL;
  CHECK(tte_office_open(authority, "Salah#Sandi9", NULL, NULL, &office) == 2031);
  CHECK(office == NULL);
  CHECK(tte_office_open(authority, ca_pass, "{bad", NULL, &office) == TTE_INVALID_ARGUMENT);
  CHECK(tte_office_open(authority, ca_pass, NULL, "[not a log]", &office) != TTE_OK);
  CHECK(tte_office_open(NULL, ca_pass, NULL, NULL, &office) == TTE_NULL_POINTER);
  CHECK(office == NULL);
  /* An authority already exists there: refused before any key is made. */
  CHECK(tte_office_create(authority, "Pemerintah Provinsi Uji", ca_pass, NULL, &office) == 4011);
  CHECK(tte_office_create(authority, NULL, ca_pass, NULL, &office) == TTE_NULL_POINTER);
  CHECK(office == NULL);
  tte_office_free(NULL);

  CHECK(tte_office_open(authority, ca_pass, NULL, NULL, &office) == TTE_OK);
  if (!office) return;

  tte_bytes *outcome = NULL, *json = NULL, *log = NULL;
  CHECK(tte_office_request(office, siti, request, &outcome) == TTE_OK);
  char case_id[128] = "", token[256] = "";
  CHECK(outcome && json_string(outcome, "case", case_id, sizeof case_id));
  CHECK(outcome && json_string(outcome, "value", token, sizeof token) && strlen(token) >= 20);
  CHECK(outcome && strstr((const char *)outcome->data, "\"PortalActivation\"") != NULL);
  tte_bytes_free(outcome);
  outcome = NULL;

  CHECK(tte_office_case(office, case_id, &json) == TTE_OK);
  CHECK(json && strstr((const char *)json->data, "\"AwaitingPortalActivation\"") != NULL);
  tte_bytes_free(json);
  json = NULL;
  CHECK(tte_office_user_status(office, "6472051203750002", &json) == TTE_OK);
  CHECK(json && strcmp((const char *)json->data, "\"NOT_REGISTERED\"") == 0);
  tte_bytes_free(json);
  json = NULL;

  /* Refusals change nothing: the log is byte-for-byte the same afterwards. */
  CHECK(tte_office_log(office, &log) == TTE_OK);
  const char *verifier = "{\"id\":\"verifikator@kaltimprov.go.id\",\"role\":\"Verifier\"}";
  CHECK(tte_office_act(office, verifier, case_id, "\"Issue\"", &outcome) > 2100);
  CHECK(tte_office_act(office, siti, "no-such-case", "\"Approve\"", &outcome) == 2113);
  CHECK(tte_office_act(office, siti, case_id, "\"NoSuchAction\"", &outcome) == TTE_INVALID_ARGUMENT);
  CHECK(tte_office_act(office, "{\"id\":1}", case_id, "\"Approve\"", &outcome) == TTE_INVALID_ARGUMENT);
  CHECK(tte_office_act(NULL, siti, case_id, "\"Approve\"", &outcome) == TTE_NULL_POINTER);
  CHECK(tte_office_act(office, siti, case_id, "\"Approve\"", NULL) == TTE_NULL_POINTER);
  CHECK(tte_office_request(office, siti, "{\"PortalRegistration\":{\"applicant\":{\"name\":\"X\",\"email\":"
                                         "\"x@gmail.com\",\"institution\":\"Dinas\",\"echelon\":\"IV\"}}}",
                           &outcome) == 1014);
  CHECK(outcome == NULL);
  CHECK(tte_office_case(office, "no-such-case", &json) == 2113);
  CHECK(json == NULL);
  CHECK(tte_office_certificate(office, "00", &json) == UNKNOWN_CERTIFICATE);
  CHECK(tte_office_certificates(office, "AKUN-999999", &json) == TTE_OK);
  CHECK(json && strcmp((const char *)json->data, "[]") == 0);
  tte_bytes_free(json);
  json = NULL;
  CHECK(tte_office_certificates(NULL, "AKUN-999999", &json) == TTE_NULL_POINTER);
  CHECK(tte_office_request(NULL, siti, request, &outcome) == TTE_NULL_POINTER);
  CHECK(tte_office_case(NULL, case_id, &json) == TTE_NULL_POINTER);
  CHECK(tte_office_user_status(NULL, "6472051203750002", &json) == TTE_NULL_POINTER);
  CHECK(tte_office_user_status(office, NULL, &json) == TTE_NULL_POINTER);
  CHECK(tte_office_log(NULL, &json) == TTE_NULL_POINTER);
  CHECK(tte_office_log(office, NULL) == TTE_NULL_POINTER);
  CHECK(tte_office_certificate(NULL, "00", &json) == TTE_NULL_POINTER);
  CHECK(tte_ca_chain(NULL, &json) == TTE_NULL_POINTER);
  CHECK(tte_ca_crl(NULL, &json) == TTE_NULL_POINTER);
  CHECK(tte_ca_revoke(NULL, "00", 1, &json) == TTE_NULL_POINTER);
  CHECK(tte_certificate_info(NULL, &json) == TTE_NULL_POINTER);
  CHECK(tte_keystore_public_key(NULL, "AKUN-000001", &json) == TTE_NULL_POINTER);
  CHECK(tte_keystore_change_passphrase(NULL, "AKUN-000001", "a", "b") == TTE_NULL_POINTER);
  CHECK(outcome == NULL && json == NULL);
  const uint8_t letter[] = "%PDF-1.4";
  CHECK(tte_office_sign_pdf(office, siti, "00", "Kopi#Pagi2026x", letter, sizeof letter, NULL, &outcome) ==
        UNKNOWN_CERTIFICATE);
  CHECK(tte_office_sign_pdf(office, siti, "00", "Kopi#Pagi2026x", NULL, 0, NULL, &outcome) == TTE_NULL_POINTER);
  CHECK(tte_office_sign_pdf(office, "[]", "00", "Kopi#Pagi2026x", letter, sizeof letter, NULL, &outcome) ==
        TTE_INVALID_ARGUMENT);
  CHECK(tte_office_sign_pdf(office, siti, "00", "Kopi#Pagi2026x", letter, sizeof letter, "{bad", &outcome) ==
        TTE_INVALID_ARGUMENT);
  CHECK(tte_office_sign_pdf(NULL, siti, "00", "Kopi#Pagi2026x", letter, sizeof letter, NULL, &outcome) ==
        TTE_NULL_POINTER);
  CHECK(outcome == NULL && json == NULL);
  tte_bytes *again = NULL;
  CHECK(tte_office_log(office, &again) == TTE_OK);
  CHECK(log && again && log->len == again->len && memcmp(log->data, again->data, log->len) == 0);
  tte_bytes_free(again);
  tte_office_free(office);
  office = NULL;

  /* The log carries the office over: a reopened office knows the case. */
  if (log) {
    CHECK(tte_office_open(authority, ca_pass, NULL, (const char *)log->data, &office) == TTE_OK);
    CHECK(tte_office_case(office, case_id, &json) == TTE_OK);
    CHECK(json && strstr((const char *)json->data, case_id) != NULL);
    tte_bytes_free(json);
    tte_office_free(office);
    /* A log with one altered byte fails its hash chain. */
    char *tampered = strstr((char *)log->data, "siti.uji");
    if (tampered) tampered[0] = 'S';
    office = NULL;
    CHECK(tte_office_open(authority, ca_pass, NULL, (const char *)log->data, &office) != TTE_OK);
    CHECK(office == NULL);
  }
  tte_bytes_free(log);
}

int main(int argc, char **argv) {
  if (argc != 2) {
    fprintf(stderr, "usage: %s DEMO_DIR\n", argv[0]);
    return 2;
  }
  test_version_and_errors();
  test_checks();
  test_keys();
  test_pdf(argv[1]);
  test_office(argv[1]);
  test_ca(argv[1]);
  test_keystore(argv[1]);
  printf("%d passed, %d failed\n", passed, failed);
  return failed == 0 ? 0 : 1;
}
