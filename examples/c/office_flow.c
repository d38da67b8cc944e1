/* A verifier office and an e-office system in C over libtte:
 *   1. open (or create) the office's embedded authority: a local CA and an ESIGN key store;
 *   2. register a civil servant through the DS Kaltim portal (SOP 1), every step as JSON;
 *   3. BSrE's approval issues her ESIGN certificate from the local CA;
 *   4. a wrong passphrase is refused and counted; she resets it (SOP 10) and signs the
 *      letter with her held key, visibly with a QR code;
 *   5. verify the signed letter against the office's root.
 * The person is synthetic. Usage: office_flow AUTHORITY_DIR LETTER_PDF OUT_PDF
 * Build: cc office_flow.c $(pkg-config --cflags --libs tte) */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tte.h"

#define CA_PASSPHRASE "Kunci#KantorDemo7"
#define EMAIL "rina.sintetis@kaltimprov.go.id"
#define PASSPHRASE "Kopi#Pagi2026x"
/* SHA-256 of the scanned documents; the host keeps the files, the ledger their digests. */
#define DIGEST "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08"
#define DOCUMENT(kind, signer) \
  "{\"kind\":\"" kind "\",\"sha256\":\"" DIGEST "\",\"signed_by\":" signer ",\"superior_approved\":false,\"stamped\":false}"

static const char *APPLICANT = "{\"id\":\"" EMAIL "\",\"role\":\"Applicant\"}";
static const char *VERIFIER = "{\"id\":\"verifikator@kaltimprov.go.id\",\"role\":\"Verifier\"}";
static const char *BSRE = "{\"id\":\"operator@bsre.go.id\",\"role\":\"Bsre\"}";

/* Stops with the library's messages when a call fails. */
static void ok(tte_result code, const char *what) {
  if (code != TTE_OK) {
    fprintf(stderr, "%s: error %u\n  id: %s\n  en: %s\n", what, code, tte_last_error_id(), tte_last_error_en());
    exit(1);
  }
}

/* Copies the string value that follows `marker` and then `"key":"` in `json` into `out`. */
static void find(const tte_bytes *json, const char *marker, const char *key, char *out, size_t size) {
  char pattern[64];
  snprintf(pattern, sizeof pattern, "\"%s\":\"", key);
  const char *from = marker ? strstr((const char *)json->data, marker) : (const char *)json->data;
  const char *start = from ? strstr(from, pattern) : NULL;
  const char *end = start ? strchr(start + strlen(pattern), '"') : NULL;
  if (!end || (size_t)(end - start - strlen(pattern)) >= size) {
    fprintf(stderr, "no %s after %s in %s\n", key, marker ? marker : "start", (const char *)json->data);
    exit(1);
  }
  start += strlen(pattern);
  memcpy(out, start, (size_t)(end - start));
  out[end - start] = '\0';
}

/* Prints the case's state after a step. */
static void show_state(tte_office *office, const char *case_id, const char *step) {
  tte_bytes *json = NULL;
  char state[64];
  ok(tte_office_case(office, case_id, &json), "tte_office_case");
  find(json, NULL, "state", state, sizeof state);
  printf("  %-22s -> %s\n", step, state);
  tte_bytes_free(json);
}

/* Takes one action; keeps the outcome in *outcome when asked (the caller frees it). */
static void act(tte_office *office, const char *actor, const char *case_id, const char *action, const char *step,
                tte_bytes **outcome) {
  tte_bytes *result = NULL;
  ok(tte_office_act(office, actor, case_id, action, &result), step);
  show_state(office, case_id, step);
  if (outcome) {
    *outcome = result;
  } else {
    tte_bytes_free(result);
  }
}

static char *read_all(const char *path, size_t *len) {
  FILE *f = fopen(path, "rb");
  if (!f) {
    perror(path);
    exit(1);
  }
  fseek(f, 0, SEEK_END);
  long size = ftell(f);
  fseek(f, 0, SEEK_SET);
  char *data = malloc((size_t)size + 1);
  *len = fread(data, 1, (size_t)size, f);
  data[*len] = '\0';
  fclose(f);
  return data;
}

/* Registers the applicant; BSrE's approval issues her first (ESIGN) certificate from the
 * local CA, whose serial lands in `serial`. */
static void register_applicant(tte_office *office, char *serial, size_t size) {
  char case_id[128], token[256], action[2048];
  tte_bytes *outcome = NULL;
  puts("SOP 1: registration through the DS Kaltim portal");
  ok(tte_office_request(office, APPLICANT,
                        "{\"PortalRegistration\":{\"applicant\":{\"name\":\"Rina Sintetis\",\"email\":\"" EMAIL
                        "\",\"institution\":\"Dinas Komunikasi dan Informatika\",\"echelon\":\"III\"}}}",
                        &outcome),
     "PortalRegistration");
  find(outcome, NULL, "case", case_id, sizeof case_id);
  find(outcome, "\"Link\":\"PortalActivation\"", "value", token, sizeof token);
  tte_bytes_free(outcome);
  show_state(office, case_id, "open");

  snprintf(action, sizeof action,
           "{\"ActivatePortal\":{\"token\":\"%s\",\"identity\":{\"nik\":\"6472054508880001\","
           "\"nip\":\"198808052010012001\",\"phone\":\"081234567890\"},\"recommendation\":" DOCUMENT(
               "Recommendation", "\"AgencyHead\"") "}}",
           token);
  act(office, APPLICANT, case_id, action, "ActivatePortal", &outcome);
  find(outcome, "\"Link\":\"AmsActivation\"", "value", token, sizeof token);
  tte_bytes_free(outcome);

  snprintf(action, sizeof action,
           "{\"ActivateAms\":{\"token\":\"%s\",\"ktp\":" DOCUMENT("Ktp", "null") ",\"selfie\":" DOCUMENT(
               "Selfie", "null") "}}",
           token);
  act(office, APPLICANT, case_id, action, "ActivateAms", NULL);
  act(office, VERIFIER, case_id, "\"Approve\"", "Approve (verifier)", &outcome);
  find(outcome, "\"Link\":\"SetPassphrase\"", "value", token, sizeof token);
  tte_bytes_free(outcome);

  snprintf(action, sizeof action,
           "{\"SetPassphrase\":{\"token\":\"%s\",\"passphrase\":\"" PASSPHRASE "\",\"accept_agreement\":true}}", token);
  act(office, APPLICANT, case_id, action, "SetPassphrase", NULL);
  act(office, BSRE, case_id, "\"Approve\"", "Approve (BSrE)", NULL);
  act(office, APPLICANT, case_id, "\"Acknowledge\"", "Acknowledge", NULL);
  act(office, APPLICANT, case_id, "{\"ChangeDefaultPassword\":{\"new_password\":\"Sandi#Baru9x\"}}",
      "ChangeDefaultPassword", NULL);

  tte_bytes *json = NULL;
  ok(tte_office_case(office, case_id, &json), "tte_office_case");
  char account[64];
  find(json, NULL, "account", account, sizeof account);
  tte_bytes_free(json);
  ok(tte_office_certificates(office, account, &json), "tte_office_certificates");
  find(json, NULL, "serial", serial, size);
  char subject[256], method[16];
  find(json, NULL, "subject_dn", subject, sizeof subject);
  find(json, NULL, "method", method, sizeof method);
  printf("  %s certificate %s issued by the local CA to %s\n", method, serial, subject);
  tte_bytes_free(json);
}

/* SOP 10 (forgotten ESIGN passphrase, reset): the key store re-seals her key under a
 * random passphrase through the custodian's recovery key; it is handed out once. */
static void reset_passphrase(tte_office *office, const char *serial, char *passphrase, size_t size) {
  char case_id[128], request[256];
  tte_bytes *outcome = NULL;
  puts("SOP 10: forgotten ESIGN passphrase, reset");
  snprintf(request, sizeof request, "{\"ForgottenPassphraseEsign\":{\"certificate\":\"%s\"}}", serial);
  ok(tte_office_request(office, APPLICANT, request, &outcome), "ForgottenPassphraseEsign");
  find(outcome, NULL, "case", case_id, sizeof case_id);
  tte_bytes_free(outcome);
  show_state(office, case_id, "open");
  act(office, APPLICANT, case_id, "\"ResetPassphrase\"", "ResetPassphrase", &outcome);
  find(outcome, "\"kind\":\"Passphrase\"", "value", passphrase, size);
  tte_bytes_free(outcome);
  printf("  a new passphrase of %zu characters was handed out once\n", strlen(passphrase));
}

static void sign_and_verify(tte_office *office, const char *authority, const char *serial, const char *letter_path,
                            const char *out_path) {
  size_t letter_len = 0, root_len = 0;
  char *letter = read_all(letter_path, &letter_len);
  char root_path[4096];
  snprintf(root_path, sizeof root_path, "%s/ca/root.pem", authority);
  char *root = read_all(root_path, &root_len);
  /* A visible stamp at the letter's '#' mark: the signer's lines and a QR code to verify. */
  const char *options =
      "{\"reason\":\"Menyetujui nota dinas\",\"location\":\"Samarinda\","
      "\"visible\":{\"stamp\":{\"lines\":[\"Ditandatangani secara elektronik oleh:\",\"Rina Sintetis\"],"
      "\"qr_url\":\"https://tte.example.invalid/verifikasi/nota-dinas\"},"
      "\"placement\":{\"Anchor\":{\"character\":\"#\",\"size\":[260,90],\"offset\":[0,-80]}}}}";

  puts("Signing with the held ESIGN key");
  tte_bytes *signed_pdf = NULL;
  tte_result refused = tte_office_sign_pdf(office, APPLICANT, serial, "Salah#Tebak9", (const uint8_t *)letter,
                                           letter_len, options, &signed_pdf);
  printf("  wrong passphrase: error %u (%s)\n", refused, tte_last_error_en());
  if (refused != 2031 || signed_pdf != NULL) exit(1);
  char passphrase[128];
  reset_passphrase(office, serial, passphrase, sizeof passphrase);
  refused = tte_office_sign_pdf(office, APPLICANT, serial, PASSPHRASE, (const uint8_t *)letter, letter_len, options,
                                &signed_pdf);
  printf("  the old passphrase after the reset: error %u\n", refused);
  if (refused != 2031) exit(1);
  ok(tte_office_sign_pdf(office, APPLICANT, serial, passphrase, (const uint8_t *)letter, letter_len, options,
                         &signed_pdf),
     "tte_office_sign_pdf");

  tte_bytes *report = NULL;
  ok(tte_verify_pdf(signed_pdf->data, signed_pdf->len, root, 0, &report), "tte_verify_pdf");
  int valid = strstr((const char *)report->data, "\"valid\":true") != NULL;
  printf("  signed %zu bytes -> %zu bytes; verification: %s\n", letter_len, signed_pdf->len,
         valid ? "VALID" : (const char *)report->data);
  FILE *out = fopen(out_path, "wb");
  if (!out || fwrite(signed_pdf->data, 1, signed_pdf->len, out) != signed_pdf->len || fclose(out) != 0) {
    perror(out_path);
    exit(1);
  }
  tte_bytes_free(report);
  tte_bytes_free(signed_pdf);
  free(letter);
  free(root);
  if (!valid) exit(1);
}

int main(int argc, char **argv) {
  if (argc != 4) {
    fprintf(stderr, "usage: %s AUTHORITY_DIR LETTER_PDF OUT_PDF\n", argv[0]);
    return 2;
  }
  const char *authority = argv[1];
  printf("libtte %s\n", tte_version());
  /* The example signs right after issuance; a real office keeps the SOP's one-hour wait. */
  const char *config = "{\"first_signature_wait_seconds\":0}";
  tte_office *office = NULL;
  if (tte_office_open(authority, CA_PASSPHRASE, config, NULL, &office) != TTE_OK) {
    printf("creating a local CA in %s\n", authority);
    ok(tte_office_create(authority, "Pemerintah Provinsi Kalimantan Timur", CA_PASSPHRASE, config, &office),
       "tte_office_create");
  }

  char serial[128];
  register_applicant(office, serial, sizeof serial);
  sign_and_verify(office, authority, serial, argv[2], argv[3]);

  tte_bytes *log = NULL;
  ok(tte_office_log(office, &log), "tte_office_log");
  printf("audit log: %zu bytes, hash-chained\n", log->len);
  tte_bytes_free(log);
  tte_office_free(office);
  return 0;
}
