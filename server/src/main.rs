//! The `kodama` binary: parses the settings, starts logging and runs the application until
//! Ctrl-C or SIGTERM.

use std::process::ExitCode;

use clap::Parser;
use leptos::config::get_configuration;
use server::config::{redacted, Command, Settings};
use server::refresher::ShrinkGuard;
use server::startup::{build_refresher, upstream_client, Application};
use server::telemetry;

#[tokio::main]
async fn main() -> ExitCode {
    // Exits with a message naming the setting when a value is invalid.
    let settings = Settings::parse();
    telemetry::init();

    let outcome = match settings.command {
        None | Some(Command::Serve) => serve(settings).await,
        Some(Command::Refresh { force }) => refresh(settings, force).await,
    };
    match outcome {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            tracing::error!(error.cause_chain = %format!("{error:#}"), "kodama stopped");
            ExitCode::FAILURE
        }
    }
}

async fn serve(settings: Settings) -> anyhow::Result<()> {
    // Leptos reads the rest of its options (site root, output name, reload port) from the
    // LEPTOS_* variables that cargo-leptos sets; the address comes from our own settings.
    let mut leptos_options = get_configuration(None)?.leptos_options;
    leptos_options.site_addr = settings.site_addr;

    tracing::info!(
        redis = %settings.redis_url,
        upstream = %redacted(&settings.ghibli_api_url),
        refresh_interval = ?settings.refresh_interval,
        "starting kodama"
    );
    let application = Application::build(&settings, leptos_options).await?;
    application.run_until_stopped(shutdown_signal()).await
}

/// One refresh, for operators: `kodama refresh [--force]`.
async fn refresh(settings: Settings, force: bool) -> anyhow::Result<()> {
    let guard = if force {
        ShrinkGuard::Override
    } else {
        ShrinkGuard::Enforce
    };
    let refresher = build_refresher(&settings, upstream_client(&settings)?)?;

    let stats = refresher.refresh_once(guard).await?;
    println!(
        "stored a fresh index: {} films, {} person entries, {} skipped references",
        stats.film_count, stats.person_count, stats.skipped_references
    );
    Ok(())
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
