//! The signals that interrupt a run: SIGINT (Ctrl-C), SIGTERM (`timeout`, `docker stop`,
//! Kubernetes, systemd) and SIGHUP (a closed terminal). All three mean the same: stop
//! checking, keep what is done, write the reports marked incomplete and exit 130.
//!
//! The handlers are installed when the run starts, before any input is read, so a signal
//! during parsing is not the default action (a silent death with no report) either.

/// Listens for the interrupting signals from the moment it is made.
pub(crate) struct Interrupts {
    #[cfg(unix)]
    streams: Vec<(&'static str, tokio::signal::unix::Signal)>,
}

impl Interrupts {
    /// Installs the handlers. A signal that cannot be listened for (never on Linux) is
    /// logged and left at its default action.
    pub(crate) fn install() -> Interrupts {
        #[cfg(unix)]
        {
            use tokio::signal::unix::{signal, SignalKind};
            let kinds = [
                ("SIGINT", SignalKind::interrupt()),
                ("SIGTERM", SignalKind::terminate()),
                ("SIGHUP", SignalKind::hangup()),
            ];
            let mut streams = Vec::new();
            for (name, kind) in kinds {
                match signal(kind) {
                    Ok(stream) => streams.push((name, stream)),
                    Err(e) => tracing::warn!("cannot listen for {name}: {e}"),
                }
            }
            Interrupts { streams }
        }
        #[cfg(not(unix))]
        Interrupts {}
    }

    /// Waits for the first interrupting signal and returns its name.
    pub(crate) async fn recv(&mut self) -> &'static str {
        #[cfg(unix)]
        {
            if self.streams.is_empty() {
                return std::future::pending().await;
            }
            let waits = self.streams.iter_mut().map(|(name, stream)| {
                let name = *name;
                Box::pin(async move {
                    stream.recv().await;
                    name
                })
            });
            futures_util::future::select_all(waits).await.0
        }
        #[cfg(not(unix))]
        {
            let _ = tokio::signal::ctrl_c().await;
            "Ctrl-C"
        }
    }
}
