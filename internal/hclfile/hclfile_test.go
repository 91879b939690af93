package hclfile

import (
	"strings"
	"testing"
)

// The byte count that lets a file skip the lexer never lets a file that
// nests too deep through: at MaxNesting openers of each kind the lexer is
// skipped and the depth cannot exceed MaxNesting; one more and the lexer
// decides.
func TestCheckNesting(t *testing.T) {
	cases := []struct {
		name string
		src  string
		deep bool
	}{
		{"brackets at the limit", "a = " + strings.Repeat("[", MaxNesting) + strings.Repeat("]", MaxNesting), false},
		{"brackets over the limit", "a = " + strings.Repeat("[", MaxNesting+1) + strings.Repeat("]", MaxNesting+1), true},
		{"templates over the limit", "a = " + strings.Repeat(`"${`, MaxNesting/2+1) + "1" + strings.Repeat(`}"`, MaxNesting/2+1), true},
		{"many flat strings", strings.Repeat("a = \"x\"\n", MaxNesting), false},
		{"parentheses over the limit", "a = " + strings.Repeat("(", MaxNesting+1) + "1" + strings.Repeat(")", MaxNesting+1), true},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			diags := CheckNesting([]byte(tc.src), "x.hcl")
			if got := diags.HasErrors(); got != tc.deep {
				t.Errorf("refused %v, want %v (%v)", got, tc.deep, diags)
			}
		})
	}
}
