package inspect

import "testing"

func TestNormaliserDropsOnlyTheSchemasQualification(t *testing.T) {
	n := newNormaliser(Target{Schema: "balqa", Owner: "balqa_owner", App: "balqa_app"}, "balqa")
	for in, want := range map[string]string{
		"nextval('balqa.seq'::regclass)":       "nextval('seq'::regclass)",
		`SELECT * FROM "balqa".t JOIN balqa.u`: "SELECT * FROM t JOIN u",
		"xbalqa.t, my_balqa.t":                 "xbalqa.t, my_balqa.t",
		"karak.t":                              "karak.t",
		"balqa":                                "balqa",
	} {
		if got := n.text(in); got != want {
			t.Errorf("text(%q) = %q, want %q", in, got, want)
		}
	}
	if got := n.grants([]string{"balqa_app=SELECT", "PUBLIC=EXECUTE", "balqa_owner=SELECT", "other=SELECT*"}); got != "PUBLIC=EXECUTE, app=SELECT, other=SELECT*, owner=SELECT" {
		t.Errorf("grants = %q", got)
	}
	q := newNormaliser(Target{Schema: "Ma'an x"}, `"Ma'an x"`)
	if got := q.text(`"Ma'an x".t`); got != "t" {
		t.Errorf("quoted schema: %q", got)
	}
}
