//! The `podium` binary: parses arguments and runs the library (see `podium::cli`).

// Rendering allocates many small strings on two threads; mimalloc handles that
// pattern markedly faster than the system allocator (see bench/README.md).
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    // No transparent huge pages: mimalloc asks for them, and a build that frees and
    // takes memory all the time then holds whole 2 MiB pages for a few live bytes. At
    // 100,000 units this lowers the peak by about 20 MiB (bench/README.md, tenth session).
    #[cfg(target_os = "linux")]
    // SAFETY: prctl with PR_SET_THP_DISABLE takes no pointers; it only sets a flag of
    // this process (a failure leaves huge pages on, which is harmless).
    unsafe {
        libc::prctl(libc::PR_SET_THP_DISABLE, 1, 0, 0, 0);
    }
    std::process::exit(podium::run(std::env::args_os()));
}
