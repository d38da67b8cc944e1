<?php
// An e-office flow from PHP: check the signer's NIK, sign a letter with the signer's key
// and certificate, verify it, and handle refusals as exceptions.
// Usage: php sign_letter.php LIBTTE TTE_H DEMO_DIR OUT_PDF
// (DEMO_DIR as written by `tte demo --out DEMO_DIR`: letter, key, certificates.)

declare(strict_types=1);

require __DIR__ . '/Tte.php';

[$_, $library, $header, $demo, $output] = $argv + [null, null, null, null, null];
if ($output === null) {
    fwrite(STDERR, "usage: php sign_letter.php LIBTTE TTE_H DEMO_DIR OUT_PDF\n");
    exit(2);
}

$tte = new Tte($library, $header);
echo 'libtte ', $tte->version(), "\n";

$nik = $tte->checkNik('6472051203750002');
echo "NIK ok, lahir {$nik['birth_date']['year']}-{$nik['birth_date']['month']}-{$nik['birth_date']['day']}\n";
try {
    $tte->checkNik('6472053208880001');
} catch (TteException $e) {
    echo "NIK ditolak [{$e->tteCode}]: {$e->messageId}\n";
}

$letter = file_get_contents("$demo/nota-dinas.pdf");
$signed = $tte->signPdf(
    $letter,
    file_get_contents("$demo/budi-key.pem"),
    'Teh#Manis77x',
    file_get_contents("$demo/certificate-3.pem"),
    file_get_contents("$demo/authority/ca/ca.pem"),
    ['reason' => 'Disetujui melalui e-office', 'location' => 'Samarinda'],
);
file_put_contents($output, $signed);

$reports = $tte->verifyPdf($signed, file_get_contents("$demo/authority/ca/root.pem"));
foreach ($reports as $report) {
    printf("%s: %s %s\n", $report['field'], $report['signer'], $report['valid'] ? 'VALID' : 'INVALID');
}
if ($reports === [] || in_array(false, array_column($reports, 'valid'), true)) {
    exit(1);
}

try {
    $tte->signPdf('bukan pdf', file_get_contents("$demo/budi-key.pem"), 'Teh#Manis77x', file_get_contents("$demo/certificate-3.pem"));
} catch (TteException $e) {
    echo "PDF ditolak [{$e->tteCode}]: {$e->messageEn}\n";
}
