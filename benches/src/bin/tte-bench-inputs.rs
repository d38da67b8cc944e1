//! Writes benchmark inputs: `tte-bench-inputs large FILE MEGABYTES` writes a PDF of that
//! size (a letter with an incompressible attachment).

use std::path::Path;
use std::process::ExitCode;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().collect();
    match args.as_slice() {
        [_, kind, file, megabytes] if kind == "large" => match megabytes.parse() {
            Ok(megabytes) => {
                tte_benches::large_pdf(Path::new(file), megabytes);
                ExitCode::SUCCESS
            }
            Err(_) => usage(),
        },
        _ => usage(),
    }
}

fn usage() -> ExitCode {
    eprintln!("usage: tte-bench-inputs large FILE MEGABYTES");
    ExitCode::from(2)
}
