//! Entry point of the WebAssembly binary; the app lives in the library.

fn main() {
    cultivator_frontend::start();
}
