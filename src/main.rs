//! The `podium` binary: parses arguments and runs the library (see `podium::cli`).

// Rendering allocates many small strings on two threads; mimalloc handles that
// pattern markedly faster than the system allocator (see bench/README.md).
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    std::process::exit(podium::run(std::env::args_os()));
}
