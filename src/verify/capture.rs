//! The writer of a `--record` capture: exchanges go through a bounded queue to the
//! capture's own threads, so no fetch waits on gzip or the disk while its host's turn is
//! held.
//!
//! The crawler reports each exchange from inside the request (the host's turn is still
//! held then). Digesting and compressing a page takes longer than fetching it on a fast
//! network, and done in the request it held the host's turn and a runtime worker. Now the
//! crawler only hands the exchange over ([`CaptureQueue`] as its [`ExchangeSink`]). The
//! capture's threads, one per core, take exchanges from the queue, digest and compress
//! them side by side, and append each exchange's records whole under the file's one lock
//! (the writer's), so the file has a single writer and records never interleave. The
//! queue holds at most [`QUEUE`] exchanges: when the disk or the cores fall behind, a
//! fetch awaits room ([`ExchangeSink::room`]: asynchronously, never blocking a runtime
//! thread), so memory stays bounded whatever the run's size.
//! [`CaptureQueue::close`] waits for the queue to drain before the capture is finished.

use std::sync::mpsc::{channel, Sender};
use std::sync::{Arc, Mutex, MutexGuard};
use std::thread::JoinHandle;

use tokio::sync::Semaphore;

use crate::archive::warc::WarcWriter;
use crate::fetch::exchange::{Exchange, ExchangeSink};

/// Exchanges waiting for the writer at most.
pub(crate) const QUEUE: usize = 32;

/// Hands exchanges to the capture's threads.
pub(crate) struct CaptureQueue {
    sender: Mutex<Option<Sender<Exchange>>>,
    threads: Mutex<Vec<JoinHandle<()>>>,
    /// Places left in the queue: taken by the crawler, given back once written.
    room: Arc<Semaphore>,
}

fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(|p| p.into_inner())
}

impl CaptureQueue {
    /// Starts the capture's threads for `writer`, one per core; `None` when no thread can
    /// be started (the caller then records directly).
    pub fn start(writer: Arc<WarcWriter>) -> Option<CaptureQueue> {
        let (sender, exchanges) = channel::<Exchange>();
        let exchanges = Arc::new(Mutex::new(exchanges));
        let room = Arc::new(Semaphore::new(QUEUE));
        let mut threads = Vec::new();
        for n in 0..crate::cpu::cores() {
            let (writer, exchanges, room) = (writer.clone(), exchanges.clone(), room.clone());
            let spawned = std::thread::Builder::new()
                .name(format!("citecheck-capture-{n}"))
                .spawn(move || loop {
                    // One thread waits on the queue at a time; the others encode.
                    let next = lock(&exchanges).recv();
                    match next {
                        Ok(exchange) => {
                            // The place is given back even if writing panics.
                            let _back = GiveBack(&room);
                            writer.record(&exchange);
                        }
                        Err(_) => return, // closed and drained
                    }
                });
            match spawned {
                Ok(thread) => threads.push(thread),
                Err(e) => tracing::warn!("capture thread {n} not started: {e}"),
            }
        }
        if threads.is_empty() {
            tracing::warn!("no capture thread; recording inline");
            return None;
        }
        Some(CaptureQueue {
            sender: Mutex::new(Some(sender)),
            threads: Mutex::new(threads),
            room,
        })
    }

    /// Closes the queue and waits until everything in it is written.
    pub fn close(&self) {
        drop(lock(&self.sender).take());
        for thread in lock(&self.threads).drain(..) {
            if thread.join().is_err() {
                tracing::error!("a capture thread stopped unexpectedly");
            }
        }
    }
}

/// Gives one place back to the queue when dropped (written, or a panic while writing).
struct GiveBack<'a>(&'a Semaphore);

impl Drop for GiveBack<'_> {
    fn drop(&mut self) {
        self.0.add_permits(1);
    }
}

impl ExchangeSink for CaptureQueue {
    fn record(&self, exchange: &Exchange) {
        let sender = lock(&self.sender).clone();
        match sender {
            // Never waits: the crawler took a place in the queue first (`room`).
            Some(sender) => {
                if sender.send(exchange.clone()).is_err() {
                    tracing::error!("the capture writer is gone; an exchange was not recorded");
                    // Its place in the queue is given back, or the crawler would wait for it.
                    self.room.add_permits(1);
                }
            }
            None => {
                tracing::warn!("an exchange after the capture was closed is not recorded");
                self.room.add_permits(1);
            }
        }
    }

    fn room(&self) -> Option<Arc<Semaphore>> {
        Some(self.room.clone())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fetch::exchange::{Recorded, RecordedRequest, RecordedResponse};

    #[test]
    fn every_exchange_is_written_whole_before_the_capture_is_finished() {
        let dir = tempfile::tempdir().expect("temp dir");
        let writer = Arc::new(WarcWriter::create(dir.path()).expect("capture"));
        let queue = Arc::new(CaptureQueue::start(writer.clone()).expect("thread"));
        let senders: Vec<_> = (0..4)
            .map(|t| {
                let queue = queue.clone();
                std::thread::spawn(move || {
                    for i in 0..50 {
                        queue.record(&Exchange {
                            started: chrono::Utc::now(),
                            remote_addr: None,
                            request: RecordedRequest {
                                method: "GET".into(),
                                url: format!("http://a.test/{t}/{i}"),
                                headers: Vec::new(),
                            },
                            outcome: Recorded::Response(RecordedResponse {
                                http_version: "HTTP/1.1".into(),
                                status: 200,
                                headers: Vec::new(),
                                body: vec![b'x'; 1000],
                                truncated: None,
                            }),
                        });
                    }
                })
            })
            .collect();
        for sender in senders {
            sender.join().expect("sender");
        }
        queue.close();
        let path = writer.finish().expect("finished");
        let file = std::fs::File::open(&path).expect("capture file");
        let mut text = String::new();
        std::io::Read::read_to_string(&mut flate2::read::MultiGzDecoder::new(file), &mut text)
            .expect("gzip");
        assert_eq!(text.matches("WARC-Type: response").count(), 200);
        assert_eq!(text.matches("WARC-Type: request").count(), 200);
    }
}
