fn main() {
    std::process::exit(podium::run(std::env::args_os()));
}
