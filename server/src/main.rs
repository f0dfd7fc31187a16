//! The `kodama` binary: parses the settings, starts logging and runs the application until
//! Ctrl-C or SIGTERM.

use std::process::ExitCode;

use clap::Parser;
use leptos::config::get_configuration;
use server::config::Settings;
use server::startup::Application;
use server::telemetry;

#[tokio::main]
async fn main() -> ExitCode {
    // Exits with a message naming the setting when a value is invalid.
    let settings = Settings::parse();
    telemetry::init();

    match run(settings).await {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            tracing::error!(error.cause_chain = %format!("{error:#}"), "kodama stopped");
            ExitCode::FAILURE
        }
    }
}

async fn run(settings: Settings) -> anyhow::Result<()> {
    // Leptos reads the rest of its options (site root, output name, reload port) from the
    // LEPTOS_* variables that cargo-leptos sets; the address comes from our own settings.
    let mut leptos_options = get_configuration(None)?.leptos_options;
    leptos_options.site_addr = settings.site_addr;

    tracing::info!(
        redis = %settings.redis_url,
        upstream = %settings.ghibli_api_url,
        refresh_interval = ?settings.refresh_interval,
        "starting kodama"
    );
    let application = Application::build(&settings, leptos_options).await?;
    application.run_until_stopped(shutdown_signal()).await
}

/// Completes on Ctrl-C or SIGTERM, whichever comes first.
async fn shutdown_signal() {
    let ctrl_c = async {
        if let Err(error) = tokio::signal::ctrl_c().await {
            tracing::error!(error.message = %error, "cannot listen for Ctrl-C");
            std::future::pending::<()>().await;
        }
    };
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(error) => {
                tracing::error!(error.message = %error, "cannot listen for SIGTERM");
                std::future::pending::<()>().await;
            }
        }
    };

    tokio::select! {
        () = ctrl_c => {}
        () = terminate => {}
    }
    tracing::info!("shutting down: finishing requests under way");
}
