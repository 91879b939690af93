package config

import (
	"fmt"
	"strconv"
	"strings"
	"sync"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/ext/customdecode"
	"github.com/hashicorp/hcl/v2/ext/tryfunc"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/zclconf/go-cty/cty"
	"github.com/zclconf/go-cty/cty/function"
)

// A secret is a value read with env() and anything computed from one:
// cty carries SensitiveMark through every operator and function. Three
// places lose the mark or print the value, and are closed here:
//   - a function that fails on a marked argument puts the value in its
//     error message (tonumber, parseint, env(env(…)));
//   - can() and try() turn an error into a plain value: a probe such as
//     can(regex("^a", env("K"))) would leak one bit per setting;
//   - a diagnostic may carry the expression and its variables, which HCL
//     prints as "with value as …".
// And the values outside settings (names, wave, version, enabled) are
// decoded by gohcl, which panics on a marked value: they are refused first.

// guardSecrets wraps a function so that an error about a marked argument
// says which argument, not what it holds, and its result keeps the marks.
func guardSecrets(f function.Function) function.Function {
	params := f.Params()
	for i := range params {
		params[i].AllowMarked = true
	}
	var vp *function.Parameter
	if v := f.VarParam(); v != nil {
		c := *v
		c.AllowMarked = true
		vp = &c
	}
	return function.New(&function.Spec{
		Description: f.Description(),
		Params:      params,
		VarParam:    vp,
		Type: func(args []cty.Value) (cty.Type, error) {
			plain, marks, at := unmarkArgs(args)
			ty, err := f.ReturnTypeForValues(plain)
			if err != nil && len(marks) > 0 {
				return cty.NilType, secretArgError(err, at)
			}
			return ty, err
		},
		Impl: func(args []cty.Value, _ cty.Type) (cty.Value, error) {
			plain, marks, at := unmarkArgs(args)
			v, err := f.Call(plain)
			if err != nil {
				if len(marks) > 0 {
					return cty.NilVal, secretArgError(err, at)
				}
				return v, err
			}
			return v.WithMarks(marks), nil
		},
	})
}

// unmarkArgs strips every mark, returning them and the first marked
// argument's index.
func unmarkArgs(args []cty.Value) ([]cty.Value, cty.ValueMarks, int) {
	plain := make([]cty.Value, len(args))
	all := cty.ValueMarks{}
	at := -1
	for i, a := range args {
		v, marks := a.UnmarkDeep()
		plain[i] = v
		if len(marks) > 0 && at < 0 {
			at = i
		}
		for m := range marks {
			all[m] = struct{}{}
		}
	}
	return plain, all, at
}

func secretArgError(err error, at int) error {
	if ae, ok := err.(function.ArgError); ok {
		at = ae.Index
	}
	return function.NewArgErrorf(at, "this value comes from env() and is not valid here; the value is not shown because it is a secret")
}

// taintedTry wraps can() or try(): when any of its expressions reads a
// secret, so does its result, whether the expression failed or not.
func taintedTry(f function.Function) function.Function {
	return function.New(&function.Spec{
		Description: f.Description(),
		VarParam:    &function.Parameter{Name: "expressions", Type: customdecode.ExpressionClosureType},
		Type: func(args []cty.Value) (cty.Type, error) {
			return f.ReturnTypeForValues(args)
		},
		Impl: func(args []cty.Value, _ cty.Type) (cty.Value, error) {
			v, err := f.Call(args)
			if err != nil {
				if anyTouchesSecret(args) {
					return cty.NilVal, fmt.Errorf("no expression succeeded; the errors are not shown because an expression reads a secret")
				}
				return v, err
			}
			if anyTouchesSecret(args) {
				v = v.Mark(SensitiveMark)
			}
			return v, nil
		},
	})
}

var (
	canFunc = taintedTry(tryfunc.CanFunc)
	tryFunc = taintedTry(tryfunc.TryFunc)
)

func anyTouchesSecret(args []cty.Value) bool {
	for _, a := range args {
		c := customdecode.ExpressionClosureFromVal(a)
		if touchesSecret(c.Expression, c.EvalContext) {
			return true
		}
	}
	return false
}

// touchesSecret reports whether an expression calls env() or reads a
// variable that holds a secret anywhere inside it.
func touchesSecret(expr hcl.Expression, ctx *hcl.EvalContext) bool {
	if callsEnv(expr) {
		return true
	}
	if ctx == nil {
		return false
	}
	for _, tr := range expr.Variables() {
		v, d := tr.TraverseAbs(ctx)
		if d.HasErrors() { // judge by the whole root object instead
			v, d = hcl.Traversal{tr[0]}.TraverseAbs(ctx)
		}
		if !d.HasErrors() && v.ContainsMarked() {
			return true
		}
	}
	return false
}

// callsEnv reports whether an expression calls env() anywhere.
func callsEnv(expr hcl.Expression) bool {
	se, ok := expr.(hclsyntax.Expression)
	if !ok {
		return false
	}
	found := false
	hclsyntax.VisitAll(se, func(n hclsyntax.Node) hcl.Diagnostics {
		if fc, ok := n.(*hclsyntax.FunctionCallExpr); ok && fc.Name == "env" {
			found = true
		}
		return nil
	})
	return found
}

// refuseSecrets refuses a secret in any attribute of a tenant block other
// than a service's settings: names, wave, schema and version are printed
// and stored.
func refuseSecrets(b *hcl.Block, ctx *hcl.EvalContext) hcl.Diagnostics {
	body, ok := b.Body.(*hclsyntax.Body)
	if !ok {
		return nil
	}
	var diags hcl.Diagnostics
	check := func(a *hclsyntax.Attribute) {
		if v, d := a.Expr.Value(ctx); !d.HasErrors() && v.ContainsMarked() {
			diags = append(diags, &hcl.Diagnostic{Severity: hcl.DiagError, Summary: "Secret outside settings",
				Detail:  fmt.Sprintf("%s is computed from env(), which reads secrets; it is printed and stored, so it cannot hold one. Only a service's settings take env().", a.Name),
				Subject: a.Expr.Range().Ptr()})
		}
	}
	for _, a := range body.Attributes {
		check(a)
	}
	for _, sb := range body.Blocks {
		for name, a := range sb.Body.Attributes {
			if name != "settings" {
				check(a)
			}
		}
	}
	return diags
}

// refuseEnvInModule: a module's defaults and validations are the same for
// every tenant and are printed; secrets belong to tenants' settings.
func refuseEnvInModule(expr hcl.Expression, what string) hcl.Diagnostics {
	if expr == nil || !callsEnv(expr) {
		return nil
	}
	return hcl.Diagnostics{{Severity: hcl.DiagError, Summary: "Secret in a module",
		Detail:  fmt.Sprintf("A setting's %s cannot call env(): secrets are given by each tenant, as settings = { name = env(\"VARIABLE\") }.", what),
		Subject: expr.Range().Ptr()}}
}

// secretsSeen records the values env() returned during one Load, so that
// the last guard can blank them out of any message.
type secretsSeen struct {
	mu     sync.Mutex
	values map[string]bool
}

func (s *secretsSeen) wrap(lookup func(string) (string, bool)) func(string) (string, bool) {
	if lookup == nil {
		return nil
	}
	return func(name string) (string, bool) {
		v, ok := lookup(name)
		if ok {
			s.mu.Lock()
			if s.values == nil {
				s.values = map[string]bool{}
			}
			s.values[v] = true
			s.mu.Unlock()
		}
		return v, ok
	}
}

// minRedactLen: shorter secrets cannot be blanked out of text without
// blanking ordinary words; the guards above keep them out instead.
const minRedactLen = 4

// scrub is the last guard over every diagnostic Load returns: it drops
// the expression and variables of a diagnostic that reads a secret (HCL
// would print them as "with x as …") and blanks out any value env()
// returned, as written and as quoted.
func (s *secretsSeen) scrub(diags hcl.Diagnostics) {
	for _, d := range diags {
		if d.Expression != nil && touchesSecret(d.Expression, d.EvalContext) {
			d.Expression, d.EvalContext = nil, nil
		}
		for v := range s.values {
			if len(v) < minRedactLen {
				continue
			}
			for _, form := range []string{v, strings.Trim(strconv.Quote(v), `"`)} {
				d.Summary = strings.ReplaceAll(d.Summary, form, "(sensitive)")
				d.Detail = strings.ReplaceAll(d.Detail, form, "(sensitive)")
			}
		}
	}
}
