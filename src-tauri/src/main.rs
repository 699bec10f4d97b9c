// Hides the console window on Windows release builds.
#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

fn main() {
    if let Err(e) = rapport_app::run() {
        eprintln!("rapport: {e:#}");
        std::process::exit(1);
    }
}
