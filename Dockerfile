# citecheck as a container image: multi-stage, a small final image, a non-root user.
#
#   docker build -t citecheck .
#   docker run --rm -v "$PWD:/work" citecheck verify articles/
#
# The bases are pinned to a release (Rust 1.95.0 on Debian 12 "bookworm"; distroless cc on
# the same Debian, so the glibc matches). Pin them further by digest where your registry
# policy asks for it (`rust:1.95.0-slim-bookworm@sha256:…`).

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
# distroless/cc: glibc, libgcc, CA certificates (for TLS to the cited sites) and a nonroot
# user (65532); no shell, no package manager.
FROM gcr.io/distroless/cc-debian12:nonroot
LABEL org.opencontainers.image.title="citecheck" \
      org.opencontainers.image.description="Check that cited sources exist and say what the article claims" \
      org.opencontainers.image.source="https://github.com/citecheck/citecheck" \
      org.opencontainers.image.licenses="MIT OR Apache-2.0"
COPY --from=build /usr/local/bin/citecheck /usr/local/bin/citecheck
COPY sources.toml /etc/citecheck/sources.toml
# Mount the articles here; reports go to /work/reports unless --out says otherwise.
WORKDIR /work
USER 65532:65532
ENV XDG_CACHE_HOME=/tmp/cache
ENTRYPOINT ["/usr/local/bin/citecheck"]
CMD ["--help"]
