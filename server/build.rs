//! Rebuild when the frontend bundle changes: release builds embed it.
fn main() {
    println!("cargo:rerun-if-changed=../frontend/dist");
}
