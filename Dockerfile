# The Embassy's SSH kiosk: a static binary on a distroless base, as a
# non-root user, with no shell in the image.
# Build: docker build -t embassy .
# Run:   docker run -p 23234:23234 -p 127.0.0.1:9234:9234 -v embassy-data:/data embassy
# Stop:  docker stop -t 20 ... (the kiosk drains for --drain, 10 s by default;
#        docker's own default of 10 s would cut the drain short)
# No container engine runs on the build machines: deploy/build-image-steps.sh
# runs the build stage's command by hand and checks the binary is static.

FROM golang:1.26.8-bookworm AS build
WORKDIR /src
COPY go.mod go.sum ./
RUN go mod download
COPY . .
# CGO off: a static binary that needs no libc in the final image.
RUN CGO_ENABLED=0 go build -trimpath -ldflags="-s -w" -o /out/embassy ./cmd/embassy && mkdir -p /out/data

FROM gcr.io/distroless/static-debian12:nonroot
COPY --from=build /out/embassy /usr/local/bin/embassy
# Owned by the nonroot user (65532) so the first start can write the key.
COPY --from=build --chown=65532:65532 /out/data /data
# The host key lives in /data; keep it on a volume so it survives upgrades
# (a new key makes every returning visitor's client warn), or inject one with
# EMBASSY_HOST_KEY.
VOLUME /data
# The metrics and health listener is on inside the container so that the
# HEALTHCHECK and orchestrators' probes can reach it; publish it only to the
# host's loopback or the cluster (-p 127.0.0.1:9234:9234), never to visitors.
ENV EMBASSY_DATA=/data EMBASSY_LISTEN=:23234 EMBASSY_METRICS=:9234
EXPOSE 23234 9234
# A numeric user, so that Kubernetes' runAsNonRoot can check it.
USER 65532:65532
# No shell in the image: the binary asks its own /readyz (EMBASSY_METRICS).
HEALTHCHECK --interval=30s --timeout=5s --start-period=10s --retries=3 CMD ["/usr/local/bin/embassy", "health"]
STOPSIGNAL SIGTERM
ENTRYPOINT ["/usr/local/bin/embassy"]
