//! The `cultivator-bench` command: parse the command line, hand over to `cli`.

use clap::Parser;

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    cultivator_server::telemetry::init();
    cultivator_bench::cli::Cli::parse().run().await
}
