<?php
// A small wrapper over libtte for PHP e-office systems, through PHP's FFI extension:
// result codes become TteException (with the stable code and both messages) and
// library buffers are copied into PHP strings and freed at once.

declare(strict_types=1);

final class TteException extends RuntimeException
{
    public function __construct(
        public readonly int $tteCode,
        public readonly string $messageId,
        public readonly string $messageEn,
    ) {
        parent::__construct("[$tteCode] $messageEn", $tteCode);
    }
}

final class Tte
{
    /** @internal The loaded library (for TteOffice). */
    public readonly FFI $ffi;

    /** Loads `libtte.so` with the declarations of `tte.h`. */
    public function __construct(string $library, string $header)
    {
        $declarations = (string) file_get_contents($header);
        // FFI::cdef takes plain C declarations: no preprocessor lines, no C++ guards.
        $declarations = (string) preg_replace('/^\s*#.*$/m', '', $declarations);
        $declarations = (string) preg_replace('/^extern "C" \{$|^\}\s*\/\/ extern "C"$/m', '', $declarations);
        $this->ffi = FFI::cdef($declarations, $library);
    }

    public function version(): string
    {
        return $this->ffi->tte_version();
    }

    /** @return array<string, mixed> the decoded NIK */
    public function checkNik(string $nik): array
    {
        return $this->json(fn ($out) => $this->ffi->tte_check_nik($nik, $out));
    }

    /** @return array<string, mixed> the decoded NIP */
    public function checkNip(string $nip): array
    {
        return $this->json(fn ($out) => $this->ffi->tte_check_nip($nip, $out));
    }

    public function checkPassphrase(string $passphrase, ?string $holderName = null): void
    {
        $this->check($this->ffi->tte_check_passphrase($passphrase, $holderName));
    }

    /** An encrypted PKCS#8 PEM key ("rsa2048", "rsa3072", "rsa4096", "p256"). */
    public function generateKey(string $algorithm, string $passphrase): string
    {
        return $this->bytes(fn ($out) => $this->ffi->tte_key_generate($algorithm, $passphrase, $out));
    }

    /**
     * Signs a PDF (PAdES, incremental).
     * @param array<string, mixed> $options reason, location, field_name, visible, certify, …
     */
    public function signPdf(string $pdf, string $keyPem, string $passphrase, string $certPem, ?string $chainPem = null, array $options = []): string
    {
        $json = self::jsonOrNull($options);
        return $this->withBuffer($pdf, fn ($data) => $this->bytes(
            fn ($out) => $this->ffi->tte_sign_pdf($data, strlen($pdf), $keyPem, $passphrase, $certPem, $chainPem, $json, $out)
        ));
    }

    /**
     * Opens the office on the authority in `$authorityDir` (made by createOffice), with
     * its ledger rebuilt from `$log` (the JSON of TteOffice::log) when given.
     * @param array<string, mixed> $config lifecycle settings; absent ones keep their defaults
     */
    public function openOffice(string $authorityDir, string $caPassphrase, array $config = [], ?string $log = null): TteOffice
    {
        return $this->office(fn ($out) => $this->ffi->tte_office_open(
            $authorityDir, $caPassphrase, self::jsonOrNull($config), $log, $out
        ));
    }

    /**
     * Creates a local CA, key store and recovery key in `$authorityDir` and opens the office.
     * @param array<string, mixed> $config lifecycle settings; absent ones keep their defaults
     */
    public function createOffice(string $authorityDir, string $organization, string $caPassphrase, array $config = []): TteOffice
    {
        return $this->office(fn ($out) => $this->ffi->tte_office_create(
            $authorityDir, $organization, $caPassphrase, self::jsonOrNull($config), $out
        ));
    }

    /** @internal `$options` as JSON, or null when empty. */
    public static function jsonOrNull(array $options): ?string
    {
        return $options === [] ? null : json_encode($options, JSON_THROW_ON_ERROR);
    }

    private function office(callable $call): TteOffice
    {
        $out = $this->ffi->new('tte_office*');
        $this->check($call(FFI::addr($out)));
        return new TteOffice($this, $out);
    }

    /** @return list<array<string, mixed>> one report per signature */
    public function verifyPdf(string $pdf, string $trustPem, int $atUnix = 0): array
    {
        return $this->withBuffer($pdf, fn ($data) => $this->json(
            fn ($out) => $this->ffi->tte_verify_pdf($data, strlen($pdf), $trustPem, $atUnix, $out)
        ));
    }

    /** @internal Throws TteException for a failure code. */
    public function check(int $code): void
    {
        if ($code !== 0) {
            throw new TteException(
                $code,
                $this->ffi->tte_last_error_id(),
                $this->ffi->tte_last_error_en(),
            );
        }
    }

    /** Calls `$call` with an output pointer; returns the buffer as a string and frees it. */
    public function bytes(callable $call): string
    {
        $out = $this->ffi->new('tte_bytes*');
        $this->check($call(FFI::addr($out)));
        try {
            return FFI::string($out->data, $out->len);
        } finally {
            $this->ffi->tte_bytes_free($out);
        }
    }

    public function json(callable $call): array
    {
        return json_decode($this->bytes($call), true, 512, JSON_THROW_ON_ERROR);
    }

    /** Copies `$bytes` into a C buffer for the duration of `$use`. */
    public function withBuffer(string $bytes, callable $use): mixed
    {
        $buffer = $this->ffi->new('uint8_t[' . max(1, strlen($bytes)) . ']', false);
        FFI::memcpy($buffer, $bytes, strlen($bytes));
        try {
            return $use($buffer);
        } finally {
            FFI::free($buffer);
        }
    }
}

/**
 * A verifier office: the lifecycle ledger over the embedded authority. Requests, actions
 * and actors are PHP arrays in the library's JSON shapes; results come back decoded.
 */
final class TteOffice
{
    /** @internal Made by Tte::openOffice and Tte::createOffice. */
    public function __construct(private readonly Tte $tte, private readonly FFI\CData $handle)
    {
    }

    public function __destruct()
    {
        $this->tte->ffi->tte_office_free($this->handle);
    }

    /**
     * Opens a case; returns the outcome (case, event, notifications, secrets handed out once).
     * @param array{id: string, role: string} $actor
     * @return array<string, mixed>
     */
    public function request(array $actor, array $request): array
    {
        $actorJson = json_encode($actor, JSON_THROW_ON_ERROR);
        $requestJson = json_encode($request, JSON_THROW_ON_ERROR);
        return $this->tte->json(fn ($out) => $this->tte->ffi->tte_office_request($this->handle, $actorJson, $requestJson, $out));
    }

    /**
     * Takes an action ("Approve", or e.g. ["Return" => ["reason" => "…"]]) on a case.
     * @param array{id: string, role: string} $actor
     * @return array<string, mixed> the outcome, as for request()
     */
    public function act(array $actor, string $caseId, array|string $action): array
    {
        $actorJson = json_encode($actor, JSON_THROW_ON_ERROR);
        $actionJson = json_encode($action, JSON_THROW_ON_ERROR);
        return $this->tte->json(fn ($out) => $this->tte->ffi->tte_office_act($this->handle, $actorJson, $caseId, $actionJson, $out));
    }

    /** @return array<string, mixed> the case */
    public function case(string $caseId): array
    {
        return $this->tte->json(fn ($out) => $this->tte->ffi->tte_office_case($this->handle, $caseId, $out));
    }

    /** @return list<array<string, mixed>> the account's certificates, oldest first (with `pem`) */
    public function certificates(string $account): array
    {
        return $this->tte->json(fn ($out) => $this->tte->ffi->tte_office_certificates($this->handle, $account, $out));
    }

    /**
     * Signs with the ESIGN key held for certificate `$serial`, unlocked by its holder.
     * @param array{id: string, role: string} $actor
     * @param array<string, mixed> $options as for Tte::signPdf
     */
    public function signPdf(array $actor, string $serial, string $passphrase, string $pdf, array $options = []): string
    {
        $actorJson = json_encode($actor, JSON_THROW_ON_ERROR);
        $json = Tte::jsonOrNull($options);
        return $this->tte->withBuffer($pdf, fn ($data) => $this->tte->bytes(
            fn ($out) => $this->tte->ffi->tte_office_sign_pdf($this->handle, $actorJson, $serial, $passphrase, $data, strlen($pdf), $json, $out)
        ));
    }

    /** The hash-chained audit log as JSON: store it; Tte::openOffice continues from it. */
    public function log(): string
    {
        return $this->tte->bytes(fn ($out) => $this->tte->ffi->tte_office_log($this->handle, $out));
    }

    /** The token of the link of `$kind` (e.g. "SetPassphrase") handed out in `$outcome`. */
    public static function linkToken(array $outcome, string $kind): string
    {
        foreach ($outcome['secrets'] as $secret) {
            if (($secret['kind']['Link'] ?? null) === $kind) {
                return $secret['value'];
            }
        }
        throw new LogicException("no $kind link in the outcome");
    }
}
