# The Embassy's SSH kiosk: a static binary on a distroless base, as a
# non-root user. Build: docker build -t embassy .
# Run:   docker run -p 23234:23234 -v embassy-data:/data embassy

FROM golang:1.26.8-bookworm AS build
WORKDIR /src
COPY go.mod go.sum ./
RUN go mod download
COPY . .
RUN CGO_ENABLED=0 go build -trimpath -ldflags="-s -w" -o /out/embassy ./cmd/embassy && mkdir -p /out/data

FROM gcr.io/distroless/static-debian12:nonroot
COPY --from=build /out/embassy /usr/local/bin/embassy
# Owned by the nonroot user (65532) so the first start can write the key.
COPY --from=build --chown=65532:65532 /out/data /data
# The host key lives in /data; keep it on a volume so it survives upgrades
# (a new key makes every returning visitor's client warn).
VOLUME /data
ENV EMBASSY_DATA=/data EMBASSY_LISTEN=:23234
EXPOSE 23234
USER nonroot:nonroot
ENTRYPOINT ["/usr/local/bin/embassy"]
