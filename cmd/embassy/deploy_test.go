package main

// The deployment files must agree with the binary: every variable and flag
// they set is one it accepts (the names come from the flag set, not from a
// list kept here), with values it accepts; the ports they open are the ones
// it listens on; the probe paths are ones it serves; the grace periods are
// longer than its drain.

import (
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"go.yaml.in/yaml/v3"

	"github.com/embassy-kiosk/embassy/internal/kiosktest"
	"github.com/embassy-kiosk/embassy/server"
)

// accepted is what the binary accepts: its flags and their variables, and
// the host key variable.
type accepted struct {
	flags map[string]bool // "listen"
	env   map[string]bool // "EMBASSY_LISTEN"
}

func acceptedSettings() accepted {
	a := accepted{flags: map[string]bool{}, env: map[string]bool{hostKeyEnv: true}}
	var cfg config
	newFlagSet(&cfg, io.Discard).VisitAll(func(f *flag.Flag) {
		a.flags[f.Name] = true
		a.env[envName(f.Name)] = true
	})
	return a
}

func repoFile(t *testing.T, rel string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("..", "..", rel))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// checkSettings checks a deployment's variables and arguments against the
// binary and returns the configuration they make.
func checkSettings(t *testing.T, where string, env map[string]string, args []string) config {
	t.Helper()
	a := acceptedSettings()
	for name := range env {
		if strings.HasPrefix(name, "EMBASSY_") && !a.env[name] {
			t.Errorf("%s sets %s, which the binary does not read", where, name)
		}
	}
	for _, arg := range args {
		if !strings.HasPrefix(arg, "-") {
			continue
		}
		name := strings.TrimLeft(strings.SplitN(arg, "=", 2)[0], "-")
		if !a.flags[name] {
			t.Errorf("%s passes --%s, which the binary does not have", where, name)
		}
	}
	cfg, _, err := parseConfig(args, func(k string) string { return env[k] }, io.Discard)
	if err != nil {
		t.Fatalf("%s: the binary refuses its settings: %v", where, err)
	}
	return cfg
}

func port(t *testing.T, addr string) int {
	t.Helper()
	_, p, err := net.SplitHostPort(addr)
	if err != nil {
		t.Fatal(err)
	}
	n, err := strconv.Atoi(p)
	if err != nil {
		t.Fatal(err)
	}
	return n
}

// opsStatus is the status code the binary's operations listener answers for
// path, on a ready server.
func opsStatus(t *testing.T, path string) int {
	t.Helper()
	srv := kiosktest.Start(t, server.Config{}).Server
	ts := httptest.NewServer(srv.OpsHandler())
	defer ts.Close()
	deadline := time.Now().Add(3 * time.Second)
	for {
		resp, err := http.Get(ts.URL + path)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode == http.StatusOK || time.Now().After(deadline) {
			return resp.StatusCode
		}
		time.Sleep(5 * time.Millisecond)
	}
}

func TestDockerfileMatchesBinary(t *testing.T) {
	t.Parallel()
	env := map[string]string{}
	var expose []int
	var user, health, build, final string
	for _, line := range strings.Split(string(repoFile(t, "Dockerfile")), "\n") {
		f := strings.Fields(line)
		if len(f) == 0 || strings.HasPrefix(f[0], "#") {
			continue
		}
		switch f[0] {
		case "FROM":
			final = f[1]
		case "ENV":
			for _, kv := range f[1:] {
				k, v, _ := strings.Cut(kv, "=")
				env[k] = v
			}
		case "EXPOSE":
			for _, p := range f[1:] {
				n, _ := strconv.Atoi(strings.TrimSuffix(p, "/tcp"))
				expose = append(expose, n)
			}
		case "USER":
			user = f[1]
		case "HEALTHCHECK":
			health = line
		case "RUN":
			if strings.Contains(line, "go build") {
				build = line
			}
		}
	}
	cfg := checkSettings(t, "Dockerfile", env, nil)
	if !slices.Contains(expose, port(t, cfg.listen)) || !slices.Contains(expose, port(t, cfg.ops.metrics)) {
		t.Errorf("EXPOSE %v, want the SSH port %s and the metrics port %s", expose, cfg.listen, cfg.ops.metrics)
	}
	if uid, _, _ := strings.Cut(user, ":"); uid == "" || uid == "0" || strings.Trim(uid, "0123456789") != "" {
		t.Errorf("USER %q: want a numeric user other than root, so runAsNonRoot can check it", user)
	}
	var cmd []string
	if i := strings.Index(health, "CMD "); i < 0 || json.Unmarshal([]byte(health[i+4:]), &cmd) != nil || len(cmd) < 2 || filepath.Base(cmd[0]) != "embassy" || cmd[1] != "health" {
		t.Errorf("HEALTHCHECK %q: want CMD [\".../embassy\", \"health\"] (no shell in the image)", health)
	}
	for _, want := range []string{"CGO_ENABLED=0", "-trimpath", "./cmd/embassy"} {
		if !strings.Contains(build, want) {
			t.Errorf("the build line %q lacks %s", build, want)
		}
	}
	if !strings.Contains(final, "distroless/static") {
		t.Errorf("final stage FROM %s, want distroless/static", final)
	}
}

// composeFile is the part of docker-compose.yml checked here.
type composeFile struct {
	Services map[string]struct {
		Ports           []string                `yaml:"ports"`
		Environment     map[string]string       `yaml:"environment"`
		Volumes         []string                `yaml:"volumes"`
		StopGracePeriod string                  `yaml:"stop_grace_period"`
		ReadOnly        bool                    `yaml:"read_only"`
		CapDrop         []string                `yaml:"cap_drop"`
		Healthcheck     struct{ Test []string } `yaml:"healthcheck"`
	} `yaml:"services"`
}

func TestComposeMatchesBinary(t *testing.T) {
	t.Parallel()
	var c composeFile
	if err := yaml.Unmarshal(repoFile(t, "deploy/docker-compose.yml"), &c); err != nil {
		t.Fatal(err)
	}
	svc, ok := c.Services["embassy"]
	if !ok {
		t.Fatal("no embassy service")
	}
	cfg := checkSettings(t, "docker-compose.yml", svc.Environment, nil)
	published := map[int]string{} // container port: host side
	for _, p := range svc.Ports {
		i := strings.LastIndexByte(p, ':')
		n, err := strconv.Atoi(p[i+1:])
		if err != nil {
			t.Fatalf("port %q", p)
		}
		published[n] = p[:i]
	}
	if _, ok := published[port(t, cfg.listen)]; !ok {
		t.Errorf("ports %v do not publish the SSH port %s", svc.Ports, cfg.listen)
	}
	if host, ok := published[port(t, cfg.ops.metrics)]; !ok || !strings.HasPrefix(host, "127.0.0.1:") {
		t.Errorf("ports %v: the metrics port %s should be published on the host's loopback only", svc.Ports, cfg.ops.metrics)
	}
	if !slices.ContainsFunc(svc.Volumes, func(v string) bool { return strings.HasSuffix(v, ":"+cfg.data) }) {
		t.Errorf("volumes %v: the data folder %s is not on a volume (the host key would change on upgrade)", svc.Volumes, cfg.data)
	}
	grace, err := time.ParseDuration(svc.StopGracePeriod)
	if err != nil || grace <= cfg.ops.drainDelay+cfg.drain {
		t.Errorf("stop_grace_period %q must be longer than --drain-delay + --drain (%s)", svc.StopGracePeriod, cfg.ops.drainDelay+cfg.drain)
	}
	if len(svc.Healthcheck.Test) < 3 || svc.Healthcheck.Test[0] != "CMD" || filepath.Base(svc.Healthcheck.Test[1]) != "embassy" || svc.Healthcheck.Test[2] != "health" {
		t.Errorf("healthcheck %v, want [CMD .../embassy health]", svc.Healthcheck.Test)
	}
	if !svc.ReadOnly || !slices.Contains(svc.CapDrop, "ALL") {
		t.Errorf("want read_only: true and cap_drop: [ALL]")
	}
}

// k8s is a loosely typed Kubernetes object.
type k8s map[string]any

func (o k8s) get(path ...any) any {
	var v any = map[string]any(o)
	for _, p := range path {
		switch p := p.(type) {
		case string:
			m, _ := v.(map[string]any)
			v = m[p]
		case int:
			s, _ := v.([]any)
			if p >= len(s) {
				return nil
			}
			v = s[p]
		}
	}
	return v
}

func (o k8s) str(path ...any) string { return fmt.Sprint(o.get(path...)) }

func loadK8s(t *testing.T) map[string][]k8s {
	t.Helper()
	files, err := filepath.Glob(filepath.Join("..", "..", "deploy", "kubernetes", "*.yaml"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no manifests: %v", err)
	}
	byKind := map[string][]k8s{}
	for _, f := range files {
		dec := yaml.NewDecoder(strings.NewReader(string(must(os.ReadFile(f)))))
		for {
			// Into a plain map: decoding into k8s would make every
			// nested mapping a k8s too.
			var raw map[string]any
			err := dec.Decode(&raw)
			o := k8s(raw)
			if err == io.EOF {
				break
			}
			if err != nil {
				t.Fatalf("%s: %v", f, err)
			}
			if o == nil {
				continue
			}
			byKind[o.str("kind")] = append(byKind[o.str("kind")], o)
		}
	}
	return byKind
}

func must[T any](v T, err error) T {
	if err != nil {
		panic(err)
	}
	return v
}

func TestKubernetesManifestsMatchBinary(t *testing.T) {
	t.Parallel()
	objs := loadK8s(t)
	if len(objs["Deployment"]) != 1 {
		t.Fatalf("want one Deployment, have %d", len(objs["Deployment"]))
	}
	d := objs["Deployment"][0]
	pod := k8s(d.get("spec", "template", "spec").(map[string]any))
	c := k8s(pod.get("containers", 0).(map[string]any))

	env := map[string]string{}
	var secretName, secretKey string
	for _, e := range c.get("env").([]any) {
		e := k8s(e.(map[string]any))
		name := e.str("name")
		if ref := e.get("valueFrom", "secretKeyRef"); ref != nil {
			secretName, secretKey = e.str("valueFrom", "secretKeyRef", "name"), e.str("valueFrom", "secretKeyRef", "key")
			if name != hostKeyEnv {
				t.Errorf("%s comes from a Secret; only %s should", name, hostKeyEnv)
			}
			env[name] = "(secret)"
			continue
		}
		env[name] = e.str("value")
	}
	args := append(asStrings(c.get("command")), asStrings(c.get("args"))...)
	delete(env, hostKeyEnv) // a key, not a flag: checked against the Secret below
	cfg := checkSettings(t, "deployment.yaml", env, args)
	if secretName == "" {
		t.Errorf("the host key does not come from a Secret (%s): replicas would each make their own", hostKeyEnv)
	}

	ports := map[string]int{}
	for _, p := range c.get("ports").([]any) {
		p := k8s(p.(map[string]any))
		ports[p.str("name")] = int(p.get("containerPort").(int))
	}
	if ports["ssh"] != port(t, cfg.listen) || ports["metrics"] != port(t, cfg.ops.metrics) {
		t.Errorf("container ports %v, want ssh %s and metrics %s", ports, cfg.listen, cfg.ops.metrics)
	}
	for probe, path := range map[string]string{"livenessProbe": "/healthz", "readinessProbe": "/readyz"} {
		if got := c.str(probe, "httpGet", "path"); got != path {
			t.Errorf("%s path %s, want %s", probe, got, path)
		}
		if got := c.str(probe, "httpGet", "port"); got != "metrics" && got != strconv.Itoa(ports["metrics"]) {
			t.Errorf("%s port %s, want the metrics port", probe, got)
		}
		if code := opsStatus(t, c.str(probe, "httpGet", "path")); code != http.StatusOK {
			t.Errorf("%s: the binary answers %s with %d", probe, c.str(probe, "httpGet", "path"), code)
		}
	}

	grace, _ := pod.get("terminationGracePeriodSeconds").(int)
	if drain := cfg.ops.drainDelay + cfg.drain; time.Duration(grace)*time.Second <= drain {
		t.Errorf("terminationGracePeriodSeconds %d must be longer than --drain-delay + --drain (%s)", grace, drain)
	}
	if cfg.ops.drainDelay <= 0 {
		t.Errorf("behind a load balancer, --drain-delay should give it time to see readiness turn false")
	}
	if r, _ := d.get("spec", "replicas").(int); r < 2 {
		t.Errorf("replicas %d, want several", r)
	}
	if d.str("spec", "strategy", "type") != "RollingUpdate" || d.str("spec", "strategy", "rollingUpdate", "maxUnavailable") != "0" {
		t.Errorf("want a RollingUpdate with maxUnavailable 0")
	}

	for path, want := range map[string]string{
		"securityContext.runAsNonRoot":        "true",
		"securityContext.seccompProfile.type": "RuntimeDefault",
		"automountServiceAccountToken":        "false",
	} {
		if got := pod.str(splitPath(path)...); got != want {
			t.Errorf("pod %s = %s, want %s", path, got, want)
		}
	}
	for path, want := range map[string]string{
		"securityContext.readOnlyRootFilesystem":   "true",
		"securityContext.allowPrivilegeEscalation": "false",
		"securityContext.capabilities.drop":        "[ALL]",
	} {
		if got := c.str(splitPath(path)...); got != want {
			t.Errorf("container %s = %s, want %s", path, got, want)
		}
	}

	podLabels := d.get("spec", "template", "metadata", "labels").(map[string]any)
	matches := func(sel any) bool {
		m, ok := sel.(map[string]any)
		if !ok || len(m) == 0 {
			return false
		}
		for k, v := range m {
			if podLabels[k] != v {
				return false
			}
		}
		return true
	}
	if !matches(d.get("spec", "selector", "matchLabels")) {
		t.Error("the Deployment's selector does not match its pods")
	}

	var lb bool
	for _, s := range objs["Service"] {
		if !matches(s.get("spec", "selector")) {
			t.Errorf("Service %s does not select the pods", s.str("metadata", "name"))
		}
		for _, p := range s.get("spec", "ports").([]any) {
			tp := k8s(p.(map[string]any)).str("targetPort")
			if _, ok := ports[tp]; !ok && !slices.ContainsFunc(mapsValues(ports), func(n int) bool { return strconv.Itoa(n) == tp }) {
				t.Errorf("Service %s targets port %s, which the container does not have", s.str("metadata", "name"), tp)
			}
			if s.str("spec", "type") == "LoadBalancer" {
				lb = true
				if tp != "ssh" && tp != strconv.Itoa(ports["ssh"]) {
					t.Errorf("the LoadBalancer exposes %s: only the SSH port may face the internet", tp)
				}
			}
		}
	}
	if !lb {
		t.Error("no Service of type LoadBalancer")
	}

	var secretOK bool
	for _, s := range objs["Secret"] {
		if s.str("metadata", "name") == secretName && (s.get("stringData", secretKey) != nil || s.get("data", secretKey) != nil) {
			secretOK = true
		}
	}
	if !secretOK {
		t.Errorf("no Secret %s with key %s", secretName, secretKey)
	}
	for _, kind := range []string{"PodDisruptionBudget", "HorizontalPodAutoscaler"} {
		if len(objs[kind]) != 1 {
			t.Errorf("want one %s, have %d", kind, len(objs[kind]))
		}
	}
	for _, p := range objs["PodDisruptionBudget"] {
		if !matches(p.get("spec", "selector", "matchLabels")) {
			t.Error("the PodDisruptionBudget does not select the pods")
		}
	}
	for _, h := range objs["HorizontalPodAutoscaler"] {
		if h.str("spec", "scaleTargetRef", "kind") != "Deployment" || h.str("spec", "scaleTargetRef", "name") != d.str("metadata", "name") {
			t.Error("the HorizontalPodAutoscaler does not scale the Deployment")
		}
		if m, _ := h.get("spec", "minReplicas").(int); m < 2 {
			t.Errorf("the HorizontalPodAutoscaler may scale down to %d", m)
		}
	}

	// kustomization.yaml lists files that exist, and not the Secret (which
	// re-applying would reset to the placeholder).
	var kust struct{ Resources []string }
	if err := yaml.Unmarshal(repoFile(t, "deploy/kubernetes/kustomization.yaml"), &kust); err != nil {
		t.Fatal(err)
	}
	for _, r := range kust.Resources {
		if _, err := os.Stat(filepath.Join("..", "..", "deploy", "kubernetes", r)); err != nil {
			t.Errorf("kustomization.yaml: %v", err)
		}
		if r == "secret.yaml" {
			t.Error("kustomization.yaml applies the placeholder Secret")
		}
	}
}

func asStrings(v any) []string {
	s, _ := v.([]any)
	out := make([]string, len(s))
	for i, x := range s {
		out[i] = fmt.Sprint(x)
	}
	return out
}

func mapsValues(m map[string]int) []int {
	var v []int
	for _, n := range m {
		v = append(v, n)
	}
	return v
}

func splitPath(p string) []any {
	var out []any
	for _, s := range strings.Split(p, ".") {
		out = append(out, s)
	}
	return out
}

// unit is a systemd unit: every assignment of each key, in order.
type unit map[string][]string

func parseUnit(t *testing.T, text string) unit {
	t.Helper()
	u := unit{}
	for _, line := range strings.Split(text, "\n") {
		line = strings.TrimSpace(line)
		if line == "" || line[0] == '#' || line[0] == ';' || line[0] == '[' {
			continue
		}
		k, v, ok := strings.Cut(line, "=")
		if !ok {
			t.Fatalf("unit line %q", line)
		}
		u[k] = append(u[k], v)
	}
	return u
}

func (u unit) last(k string) string {
	if v := u[k]; len(v) > 0 {
		return v[len(v)-1]
	}
	return ""
}

func TestSystemdUnitMatchesBinary(t *testing.T) {
	t.Parallel()
	u := parseUnit(t, string(repoFile(t, "deploy/systemd/embassy.service")))
	env := map[string]string{}
	for _, e := range u["Environment"] {
		for _, kv := range strings.Fields(e) {
			k, v, _ := strings.Cut(strings.Trim(kv, `"`), "=")
			env[k] = v
		}
	}
	exec := strings.Fields(u.last("ExecStart"))
	if len(exec) == 0 || filepath.Base(exec[0]) != "embassy" {
		t.Fatalf("ExecStart %q", u.last("ExecStart"))
	}
	cfg := checkSettings(t, "embassy.service", env, exec[1:])

	for k, want := range map[string]string{
		"DynamicUser":     "yes",
		"Restart":         "always",
		"ProtectSystem":   "strict",
		"NoNewPrivileges": "yes",
		"StateDirectory":  "embassy",
	} {
		if got := u.last(k); got != want {
			t.Errorf("%s=%s, want %s", k, got, want)
		}
	}
	for _, k := range []string{"MemoryMax", "TasksMax", "LimitNOFILE"} {
		if u.last(k) == "" {
			t.Errorf("no %s", k)
		}
	}
	if cfg.data != "/var/lib/"+u.last("StateDirectory") {
		t.Errorf("EMBASSY_DATA=%s is not the StateDirectory /var/lib/%s: the key would not be kept", cfg.data, u.last("StateDirectory"))
	}
	if port(t, cfg.listen) < 1024 {
		for _, k := range []string{"AmbientCapabilities", "CapabilityBoundingSet"} {
			if u.last(k) != "CAP_NET_BIND_SERVICE" {
				t.Errorf("port %d needs %s=CAP_NET_BIND_SERVICE (and nothing more), have %q", port(t, cfg.listen), k, u.last(k))
			}
		}
	}
	if h, _, _ := net.SplitHostPort(cfg.ops.metrics); h != "127.0.0.1" && h != "::1" {
		t.Errorf("EMBASSY_METRICS=%s: on a VM the metrics belong on loopback", cfg.ops.metrics)
	}
	stop, err := strconv.Atoi(strings.TrimSuffix(u.last("TimeoutStopSec"), "s"))
	if err != nil || time.Duration(stop)*time.Second <= cfg.ops.drainDelay+cfg.drain {
		t.Errorf("TimeoutStopSec=%s must be longer than --drain-delay + --drain (%s)", u.last("TimeoutStopSec"), cfg.ops.drainDelay+cfg.drain)
	}
}

// docs/operations.md lists every setting, by flag and by variable.
func TestOperationsDocListsEverySetting(t *testing.T) {
	t.Parallel()
	doc := string(repoFile(t, "docs/operations.md"))
	a := acceptedSettings()
	for f := range a.flags {
		if !strings.Contains(doc, "`--"+f+"`") {
			t.Errorf("docs/operations.md does not list `--%s`", f)
		}
	}
	for e := range a.env {
		if !strings.Contains(doc, "`"+e+"`") {
			t.Errorf("docs/operations.md does not list `%s`", e)
		}
	}
}
