package redact

import (
	"strings"
	"testing"
)

func TestPasswords(t *testing.T) {
	cases := []struct{ in, want string }{
		{"postgres://rollout:s3cret@db:5432/water", "postgres://rollout@db:5432/water"},
		{"postgresql://u:p%40ss@db/x?sslmode=disable", "postgresql://u@db/x?sslmode=disable"},
		{"postgres://u:a:b@c@db/x", "postgres://u@db/x"},
		{"postgres://u@db/x?password=s3cret&sslmode=require", "postgres://u@db/x?password=xxxxx&sslmode=require"},
		{"postgres://db/x?sslmode=require&password=s3cret", "postgres://db/x?sslmode=require&password=xxxxx"},
		{"postgres://db/x?sslpassword=s3cret", "postgres://db/x?sslpassword=xxxxx"},
		{"host=db port=5432 user=u password=s3cret dbname=x", "host=db port=5432 user=u password=xxxxx dbname=x"},
		{"host=db password='s3 cret\\' x' dbname=x", "host=db password=xxxxx dbname=x"},
		{"host=db PASSWORD = s3cret dbname=x", "host=db PASSWORD = xxxxx dbname=x"},
		// An unquoted value ends only at a space: what follows it up to the
		// space goes too, rather than risk showing the end of a password.
		{`server "south" (host=db password=s3cret): cannot connect: refused`, `server "south" (host=db password=xxxxx cannot connect: refused`},
		{"no password here: postgres://u@db/x", "no password here: postgres://u@db/x"},
		{"user=u dbname=x", "user=u dbname=x"},
	}
	for _, c := range cases {
		if got := Passwords(c.in); got != c.want {
			t.Errorf("Passwords(%q)\n got %q\nwant %q", c.in, got, c.want)
		}
		if strings.Contains(Passwords(c.in), "s3") || strings.Contains(Passwords(c.in), "cret") {
			t.Errorf("Passwords(%q) still shows the password", c.in)
		}
	}
}
