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
    private FFI $ffi;

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
        $json = $options === [] ? null : json_encode($options, JSON_THROW_ON_ERROR);
        return $this->withBuffer($pdf, fn ($data) => $this->bytes(
            fn ($out) => $this->ffi->tte_sign_pdf($data, strlen($pdf), $keyPem, $passphrase, $certPem, $chainPem, $json, $out)
        ));
    }

    /** @return list<array<string, mixed>> one report per signature */
    public function verifyPdf(string $pdf, string $trustPem, int $atUnix = 0): array
    {
        return $this->withBuffer($pdf, fn ($data) => $this->json(
            fn ($out) => $this->ffi->tte_verify_pdf($data, strlen($pdf), $trustPem, $atUnix, $out)
        ));
    }

    private function check(int $code): void
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
    private function bytes(callable $call): string
    {
        $out = $this->ffi->new('tte_bytes*');
        $this->check($call(FFI::addr($out)));
        try {
            return FFI::string($out->data, $out->len);
        } finally {
            $this->ffi->tte_bytes_free($out);
        }
    }

    private function json(callable $call): array
    {
        return json_decode($this->bytes($call), true, 512, JSON_THROW_ON_ERROR);
    }

    /** Copies `$bytes` into a C buffer for the duration of `$use`. */
    private function withBuffer(string $bytes, callable $use): mixed
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
