# citecheck as a container image: multi-stage, a small final image, a non-root user.
#
#   docker build -t citecheck .
#   docker run --rm --user "$(id -u):$(id -g)" -v "$PWD:/work" citecheck verify articles/
#
# The bases are pinned to releases: Rust 1.95.0 on Debian 12 "bookworm" to build, Debian
# 12.12 to run (the same Debian, so the glibc matches). Pin them further by digest where
# your policy asks for it (`debian:12.12-slim@sha256:…`).

# ---- build ----------------------------------------------------------------------------
FROM rust:1.95.0-slim-bookworm AS build
WORKDIR /src
# No debug info and a stripped binary in the image (the repository's release profile keeps
# line tables for profiling; an image does not need them).
ENV CARGO_PROFILE_RELEASE_DEBUG=0 \
    CARGO_PROFILE_RELEASE_STRIP=true \
    CARGO_TERM_COLOR=never
COPY Cargo.toml Cargo.lock ./
COPY src ./src
COPY benches ./benches
COPY examples ./examples
# The registry and target caches speed up rebuilds (BuildKit); the binary is copied out of
# the cache mount, since a cache mount is not part of the layer.
RUN --mount=type=cache,target=/usr/local/cargo/registry \
    --mount=type=cache,target=/src/target \
    cargo build --release --locked --bin citecheck \
    && cp target/release/citecheck /usr/local/bin/citecheck

# ---- run ------------------------------------------------------------------------------
# Debian slim, not distroless: CI systems run their job scripts with the image's `sh`
# (GitLab's docker executor, GitHub's container jobs), and distroless has none.
FROM debian:12.12-slim
LABEL org.opencontainers.image.title="citecheck" \
      org.opencontainers.image.description="Check that cited sources exist and say what the article claims" \
      org.opencontainers.image.source="https://github.com/citecheck/citecheck" \
      org.opencontainers.image.licenses="MIT OR Apache-2.0"
# CA certificates for TLS to the cited sites. Not pinned to a version on purpose: the
# trust store should follow Debian's security updates at each image build.
# hadolint ignore=DL3008
RUN apt-get update \
    && apt-get install -y --no-install-recommends ca-certificates \
    && rm -rf /var/lib/apt/lists/* \
    && useradd --uid 10001 --user-group --create-home --shell /usr/sbin/nologin citecheck
COPY --from=build /usr/local/bin/citecheck /usr/local/bin/citecheck
# The outlets this project ships: `--sources /etc/citecheck/sources.toml`.
COPY sources.toml /etc/citecheck/sources.toml
# Mount the articles here; reports go to /work/reports unless --out says otherwise.
WORKDIR /work
USER 10001:10001
ENTRYPOINT ["citecheck"]
CMD ["--help"]
