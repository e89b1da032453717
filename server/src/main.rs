//! The `cultivator` command: parse the command line, hand over to `cli`.

use clap::Parser;

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    cultivator_server::telemetry::init();
    cultivator_server::cli::Cli::parse().run().await
}
