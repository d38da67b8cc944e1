/* C tests of libtte: every exported function's success and error paths, run under
 * valgrind and AddressSanitizer by run-c-tests.sh. Usage: test_ffi DEMO_DIR
 * (DEMO_DIR as written by `tte demo --out DEMO_DIR`: a letter, a key, certificates). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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

  free(pdf);
  free(key);
  free(cert);
  free(chain);
  free(root);
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
  printf("%d passed, %d failed\n", passed, failed);
  return failed == 0 ? 0 : 1;
}
