package config

import (
	"path/filepath"
	"testing"
	"time"
)

func TestPolicyDecodes(t *testing.T) {
	dir := writeProject(t, map[string]string{"tenants/_rollout.hcl": `rollout {
  wave "2" {
    soak         = "1w2d4h"
    approval     = true
    batch        = "10%"
    max_failures = 2
    health "replication_lag" {
      sql         = "SELECT true"
      description = "replicas keep up"
    }
  }
}
`})
	p, diags := load(dir)
	if diags.HasErrors() {
		t.Fatalf("policy: %s", list(diags))
	}
	if len(p.Tenants) != 2 {
		t.Fatalf("the policy file was read as a tenant: %d tenants", len(p.Tenants))
	}
	w := p.Policy.Wave(2)
	if w == nil || w.Soak != (9*24+4)*time.Hour || !w.Approval || w.Batch.Of(50) != 5 || w.Batch.Of(3) != 1 ||
		w.FailureLimit(10) != 2 || len(w.Health) != 1 || w.Health[0].Description != "replicas keep up" {
		t.Fatalf("wave 2 policy: %+v", w)
	}
	if p.Policy.Wave(1) != nil || p.Policy.Wave(1).FailureLimit(4) != -1 {
		t.Fatal("a wave without a policy must keep today's behaviour: no limit")
	}
}

func TestNoPolicyKeepsTodaysBehaviour(t *testing.T) {
	p, diags := load(writeProject(t, nil))
	if diags.HasErrors() || p.Policy != nil {
		t.Fatalf("no rollout block: policy %+v, %s", p.Policy, list(diags))
	}
}

func TestBatchDefaultsToNoFailures(t *testing.T) {
	w := &WavePolicy{Batch: Amount{Count: 5}}
	if w.FailureLimit(50) != 0 {
		t.Fatal("a batched wave without max_failures halts on the first failing batch")
	}
	pct := &WavePolicy{MaxFailures: &Amount{Percent: 20, IsPercent: true}}
	if pct.FailureLimit(12) != 3 {
		t.Fatalf("20%% of 12 is %d, want 3 (rounded up)", pct.FailureLimit(12))
	}
}

func TestBrokenPolicies(t *testing.T) {
	cases := []struct {
		name, body, summary string
		line                int
	}{
		{"bad duration", "rollout {\n  wave \"2\" {\n    soak = \"seven days\"\n  }\n}\n", "Invalid soak duration", 3},
		{"duration as number", "rollout {\n  wave \"2\" {\n    soak = 7\n  }\n}\n", "Invalid soak duration", 3},
		{"percentage over 100", "rollout {\n  wave \"2\" {\n    batch = \"150%\"\n  }\n}\n", "Invalid batch", 3},
		{"batch of zero", "rollout {\n  wave \"2\" {\n    batch = 0\n  }\n}\n", "Invalid batch", 3},
		{"fractional count", "rollout {\n  wave \"2\" {\n\n    max_failures = 1.5\n  }\n}\n", "Invalid max_failures", 4},
		{"percent without sign", "rollout {\n  wave \"2\" {\n    max_failures = \"10\"\n  }\n}\n", "Invalid max_failures", 3},
		{"unknown wave", "rollout {\n  wave \"2\" {}\n  wave \"7\" {\n    approval = true\n  }\n}\n", "Unknown wave", 3},
		{"wave not a number", "rollout {\n  wave \"two\" {}\n}\n", "Invalid wave number", 2},
		{"duplicate wave", "rollout {\n  wave \"2\" {}\n  wave \"2\" {}\n}\n", "Duplicate wave policy", 3},
		{"soak on the first wave", "rollout {\n  wave \"1\" {\n    soak = \"1d\"\n  }\n}\n", "Soak on the first wave", 2},
		{"probe without sql", "rollout {\n  wave \"2\" {\n    health \"lag\" {\n      sql = \" \"\n    }\n  }\n}\n", "Invalid health probe", 3},
		{"probe reading a tenant table", "rollout {\n  wave \"2\" {\n    health \"backlog\" {\n\n      sql = \"SELECT count(*) < 100 FROM balqa.complaints\"\n    }\n  }\n}\n",
			"Health probe reaches beyond the system catalog", 5},
		{"probe calling a tenant function", "rollout {\n  wave \"2\" {\n    health \"ok\" {\n      sql = \"SELECT karak.healthy()\"\n    }\n  }\n}\n",
			"Health probe reaches beyond the system catalog", 4},
		{"probe that writes", "rollout {\n  wave \"2\" {\n    health \"ok\" {\n      sql = \"DELETE FROM pg_catalog.pg_class\"\n    }\n  }\n}\n",
			"Health probe reaches beyond the system catalog", 4},
		{"unknown attribute", "rollout {\n  wave \"2\" {\n    soaktime = \"1d\"\n  }\n}\n", "Unsupported argument", 3},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			dir := writeProject(t, map[string]string{"tenants/_rollout.hcl": tc.body})
			_, diags := load(dir)
			d := find(diags, tc.summary)
			if d == nil {
				t.Fatalf("no %q diagnostic; got:\n%s", tc.summary, list(diags))
			}
			if d.Detail == "" || d.Subject == nil {
				t.Fatalf("%q says neither how to fix it nor where", tc.summary)
			}
			if file, _ := filepath.Rel(dir, d.Subject.Filename); file != "tenants/_rollout.hcl" || d.Subject.Start.Line != tc.line {
				t.Errorf("%q at %s:%d, want tenants/_rollout.hcl:%d", tc.summary, file, d.Subject.Start.Line, tc.line)
			}
		})
	}
	t.Run("two rollout blocks", func(t *testing.T) {
		dir := writeProject(t, map[string]string{"tenants/_rollout.hcl": "rollout {}\n", "tenants/zz.hcl": "\nrollout {}\n"})
		_, diags := load(dir)
		if d := find(diags, "Duplicate rollout block"); d == nil || d.Subject.Start.Line != 2 {
			t.Fatalf("want Duplicate rollout block at zz.hcl:2, got:\n%s", list(diags))
		}
	})
}

func TestParseDuration(t *testing.T) {
	for in, want := range map[string]time.Duration{"7d": 168 * time.Hour, "36h": 36 * time.Hour, "2d4h30m": 52*time.Hour + 30*time.Minute,
		"1w": 168 * time.Hour, "0s": 0} {
		if got, err := ParseDuration(in); err != nil || got != want {
			t.Errorf("%q: %v, %v; want %v", in, got, err, want)
		}
	}
	for _, bad := range []string{"", "d", "-1d", "7 days", "1d-2h", "x1d"} {
		if _, err := ParseDuration(bad); err == nil {
			t.Errorf("%q parsed", bad)
		}
	}
}
