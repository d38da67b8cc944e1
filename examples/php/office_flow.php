<?php
// The C example's flow from an e-office system in PHP: a civil servant registers through
// the DS Kaltim portal, BSrE's approval issues her ESIGN certificate from the office's
// local CA; after a forgotten passphrase is reset (SOP 10) the e-office signs a letter
// visibly with her held key and verifies it. The person is synthetic.
// Usage: php office_flow.php LIBTTE TTE_H AUTHORITY_DIR LETTER_PDF OUT_PDF
// (AUTHORITY_DIR is opened if it holds an authority, else created.)

declare(strict_types=1);

require __DIR__ . '/Tte.php';

[$_, $library, $header, $authority, $letterPath, $output] = $argv + array_fill(0, 6, null);
if ($output === null) {
    fwrite(STDERR, "usage: php office_flow.php LIBTTE TTE_H AUTHORITY_DIR LETTER_PDF OUT_PDF\n");
    exit(2);
}

const CA_PASSPHRASE = 'Kunci#KantorDemo7';
const PASSPHRASE = 'Teh#Hangat2026';

/** A document the applicant uploaded: the ledger keeps its kind and SHA-256. */
function document(string $kind, string $content, ?string $signedBy = null): array
{
    return ['kind' => $kind, 'sha256' => hash('sha256', $content), 'signed_by' => $signedBy,
        'superior_approved' => false, 'stamped' => false];
}

$tte = new Tte($library, $header);
// The example signs right after issuance; a real office keeps the SOP's one-hour wait.
$config = ['first_signature_wait_seconds' => 0];
try {
    $office = $tte->openOffice($authority, CA_PASSPHRASE, $config);
} catch (TteException $e) {
    echo "creating a local CA in $authority\n";
    $office = $tte->createOffice($authority, 'Pemerintah Provinsi Kalimantan Timur', CA_PASSPHRASE, $config);
}

$email = 'dewi.sintetis@kaltimprov.go.id';
$applicant = ['id' => $email, 'role' => 'Applicant'];
$verifier = ['id' => 'verifikator@kaltimprov.go.id', 'role' => 'Verifier'];
$bsre = ['id' => 'operator@bsre.go.id', 'role' => 'Bsre'];

echo "SOP 1: registration through the DS Kaltim portal\n";
$opened = $office->request($applicant, ['PortalRegistration' => ['applicant' => [
    'name' => 'Dewi Sintetis', 'email' => $email,
    'institution' => 'Dinas Komunikasi dan Informatika', 'echelon' => 'III',
]]]);
$case = $opened['case'];
$steps = [
    [$applicant, fn ($last) => ['ActivatePortal' => [
        'token' => TteOffice::linkToken($last, 'PortalActivation'),
        'identity' => ['nik' => '6472054508880001', 'nip' => '198808052010012001', 'phone' => '081234567890'],
        'recommendation' => document('Recommendation', 'surat rekomendasi', 'AgencyHead'),
    ]]],
    [$applicant, fn ($last) => ['ActivateAms' => [
        'token' => TteOffice::linkToken($last, 'AmsActivation'),
        'ktp' => document('Ktp', 'pindaian KTP'),
        'selfie' => document('Selfie', 'swafoto'),
    ]]],
    [$verifier, fn ($last) => 'Approve'],
    [$applicant, fn ($last) => ['SetPassphrase' => [
        'token' => TteOffice::linkToken($last, 'SetPassphrase'), 'passphrase' => PASSPHRASE, 'accept_agreement' => true,
    ]]],
    [$bsre, fn ($last) => 'Approve'],
    [$applicant, fn ($last) => 'Acknowledge'],
    [$applicant, fn ($last) => ['ChangeDefaultPassword' => ['new_password' => 'Sandi#Baru9x']]],
];
$last = $opened;
foreach ($steps as [$actor, $action]) {
    $step = $action($last);
    $last = $office->act($actor, $case, $step);
    printf("  %-22s -> %s\n", is_string($step) ? $step : array_key_first($step), $office->case($case)['state']);
}

$account = $office->case($case)['account'];
$certificate = $office->certificates($account)[0];
echo "  {$certificate['method']} certificate {$certificate['serial']} issued by the local CA to {$certificate['subject_dn']}\n";

echo "Signing with the held ESIGN key\n";
$letter = (string) file_get_contents($letterPath);
// A visible stamp at the letter's '#' mark: the signer's lines and a QR code to verify.
$options = ['reason' => 'Menyetujui nota dinas', 'location' => 'Samarinda', 'visible' => [
    'stamp' => ['lines' => ['Ditandatangani secara elektronik oleh:', 'Dewi Sintetis'],
        'qr_url' => 'https://tte.example.invalid/verifikasi/nota-dinas'],
    'placement' => ['Anchor' => ['character' => '#', 'size' => [260, 90], 'offset' => [0, -80]]],
]];
try {
    $office->signPdf($applicant, $certificate['serial'], 'Salah#Tebak9', $letter, $options);
    exit(1);
} catch (TteException $e) {
    echo "  wrong passphrase: error {$e->tteCode} ({$e->messageId})\n";
}

echo "SOP 10: forgotten ESIGN passphrase, reset\n";
$reset = $office->request($applicant, ['ForgottenPassphraseEsign' => ['certificate' => $certificate['serial']]]);
$outcome = $office->act($applicant, $reset['case'], 'ResetPassphrase');
$passphrase = current(array_filter($outcome['secrets'], fn ($s) => $s['kind'] === 'Passphrase'))['value'];
printf("  a new passphrase of %d characters was handed out once\n", strlen($passphrase));
$signed = $office->signPdf($applicant, $certificate['serial'], $passphrase, $letter, $options);
file_put_contents($output, $signed);

$reports = $tte->verifyPdf($signed, (string) file_get_contents("$authority/ca/root.pem"));
foreach ($reports as $report) {
    printf("  %s: %s %s\n", $report['field'], $report['signer'], $report['valid'] ? 'VALID' : 'INVALID');
}
printf("audit log: %d bytes, hash-chained\n", strlen($office->log()));
if ($reports === [] || in_array(false, array_column($reports, 'valid'), true)) {
    exit(1);
}
