//! Printing results: `key: value` lines for people, one JSON object with `--json`.

use serde_json::Value;

/// Prints `report` as JSON or as `key: value` lines.
pub fn print(report: &Value, json: bool) {
    if json {
        println!("{report}");
        return;
    }
    if let Some(fields) = report.as_object() {
        for (key, value) in fields {
            println!("{key}: {}", value.as_str().map_or_else(|| value.to_string(), str::to_string));
        }
    }
}
