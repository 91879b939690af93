package config

import (
	"fmt"
	"strings"

	"github.com/hashicorp/hcl/v2"
	"github.com/zclconf/go-cty/cty"
	"github.com/zclconf/go-cty/cty/convert"
)

// settingItem is one key of a service's settings with where it is written.
type settingItem struct {
	name  string
	value hcl.Expression
	keyAt hcl.Range
}

// resolveSettings checks a service's settings against its module: names,
// types, validations, secrets, and fills in defaults.
func resolveSettings(m *Module, expr hcl.Expression, block hcl.Range, ctx *hcl.EvalContext) (map[string]cty.Value, map[string]bool, hcl.Diagnostics) {
	items, diags := settingItems(expr, ctx)
	// Sized once, and sensitive made only for a service with a secret: two
	// maps per service of every tenant were most of a fleet's memory.
	values := make(map[string]cty.Value, len(m.Settings))
	var sensitive map[string]bool
	given := map[string]bool{} // a setting given with an error is not also "missing"
	for _, it := range items {
		given[it.name] = true
		decl := m.Setting(it.name)
		if decl == nil {
			declared := make([]string, len(m.Settings))
			for i, s := range m.Settings {
				declared[i] = s.Name
			}
			diags = append(diags, &hcl.Diagnostic{Severity: hcl.DiagError, Summary: "Unknown setting",
				Detail: fmt.Sprintf("Module %q declares no setting %q%s; remove it or declare it in modules/%s/module.hcl.",
					m.Name, it.name, suggest(it.name, declared), m.Name), Subject: it.keyAt.Ptr()})
			continue
		}
		v, isSecret, d := settingValue(decl, it, ctx)
		diags = append(diags, d...)
		if d.HasErrors() {
			continue
		}
		values[decl.Name] = v
		if isSecret {
			if sensitive == nil {
				sensitive = map[string]bool{}
			}
			sensitive[decl.Name] = true
		}
	}
	for _, decl := range m.Settings {
		if _, ok := values[decl.Name]; ok || given[decl.Name] {
			continue
		}
		if decl.Default != cty.NilVal {
			values[decl.Name] = decl.Default
			continue
		}
		diags = append(diags, &hcl.Diagnostic{Severity: hcl.DiagError, Summary: "Missing required setting",
			Detail: fmt.Sprintf("Module %q needs setting %q (%s) and it has no default; add it to this service's settings.",
				m.Name, decl.Name, decl.Type.FriendlyName()), Subject: block.Ptr()})
	}
	return values, sensitive, diags
}

// settingItems splits `settings = { … }` into keys with their ranges. A
// settings value given as a whole expression (another tenant's settings)
// is evaluated and every key points at that expression.
func settingItems(expr hcl.Expression, ctx *hcl.EvalContext) ([]settingItem, hcl.Diagnostics) {
	if expr == nil || isNullIn(expr, ctx) {
		return nil, nil
	}
	pairs, diags := hcl.ExprMap(expr)
	if !diags.HasErrors() {
		var out []settingItem
		for _, p := range pairs {
			k, d := p.Key.Value(ctx)
			if d.HasErrors() || k.IsMarked() || k.Type() != cty.String || !k.IsKnown() {
				diags = append(diags, &hcl.Diagnostic{Severity: hcl.DiagError, Summary: "Invalid setting name",
					Detail: "Setting names are plain words, such as sms_sender; they cannot come from env().", Subject: p.Key.Range().Ptr()})
				continue
			}
			out = append(out, settingItem{name: k.AsString(), value: p.Value, keyAt: p.Key.Range()})
		}
		return out, diags
	}
	v, diags := expr.Value(ctx)
	if diags.HasErrors() {
		return nil, diags
	}
	if v.IsMarked() {
		return nil, hcl.Diagnostics{{Severity: hcl.DiagError, Summary: "Settings from a secret",
			Detail:  "The settings' names would come from env(), and names are printed; write settings = { name = env(\"VARIABLE\"), … } with one value per setting.",
			Subject: expr.Range().Ptr()}}
	}
	if !v.Type().IsObjectType() && !v.Type().IsMapType() {
		return nil, hcl.Diagnostics{{Severity: hcl.DiagError, Summary: "Settings must be an object",
			Detail: "Write settings = { name = value, … }.", Subject: expr.Range().Ptr()}}
	}
	var out []settingItem
	for it := v.ElementIterator(); it.Next(); {
		k, val := it.Element()
		out = append(out, settingItem{name: k.AsString(), value: hcl.StaticExpr(val, expr.Range()), keyAt: expr.Range()})
	}
	return out, nil
}

func isNullIn(expr hcl.Expression, ctx *hcl.EvalContext) bool {
	v, d := expr.Value(ctx)
	return !d.HasErrors() && v.IsNull()
}

// settingValue evaluates, converts and validates one setting. A value that
// came from env() is sensitive; a setting declared sensitive must come
// from env(), because secrets never live in HCL.
func settingValue(decl *SettingDecl, it settingItem, ctx *hcl.EvalContext) (cty.Value, bool, hcl.Diagnostics) {
	raw, diags := it.value.Value(ctx)
	if diags.HasErrors() {
		return cty.NilVal, false, diags
	}
	v, marks := raw.UnmarkDeep()
	isSecret := len(marks) > 0
	if decl.Sensitive && !isSecret {
		return cty.NilVal, false, hcl.Diagnostics{{Severity: hcl.DiagError, Summary: "Secret written in HCL",
			Detail:  fmt.Sprintf("Setting %q is sensitive; write %s = env(\"VARIABLE\") and set that variable where rollout runs.", decl.Name, decl.Name),
			Subject: it.value.Range().Ptr()}}
	}
	if isSecret && v.Type() == cty.String && v.IsKnown() && !v.IsNull() && v.AsString() == "" && !allowsEmpty(decl) {
		return cty.NilVal, false, hcl.Diagnostics{{Severity: hcl.DiagError, Summary: "Empty secret",
			Detail: fmt.Sprintf("Setting %q reads an environment variable that is set but empty (a CI secret that is not filled in?); set it to the real value. A module that accepts an empty value declares default = \"\" for the setting.",
				decl.Name),
			Subject: it.value.Range().Ptr()}}
	}
	cv, err := convert.Convert(v, decl.Type)
	if err != nil {
		why := err.Error()
		if isSecret {
			why = "the value comes from env() and is not shown"
		}
		return cty.NilVal, false, hcl.Diagnostics{{Severity: hcl.DiagError, Summary: "Wrong type for setting",
			Detail:  fmt.Sprintf("Setting %q must be a %s: %s.", decl.Name, decl.Type.FriendlyName(), why),
			Subject: it.value.Range().Ptr()}}
	}
	if hasNUL(cv) {
		return cty.NilVal, false, hcl.Diagnostics{{Severity: hcl.DiagError, Summary: "NUL character in a setting",
			Detail:  fmt.Sprintf("Setting %q holds a NUL character (\\u0000), which PostgreSQL cannot store in text; remove it.", decl.Name),
			Subject: it.value.Range().Ptr()}}
	}
	checked := cv
	if isSecret {
		checked = cv.Mark(SensitiveMark) // a validation's diagnostics must not show it
	}
	return cv, isSecret || decl.Sensitive, validate(decl, checked, it.value.Range())
}

// validate runs a setting's validations. They see only `value` and the
// functions, never env(): a module is the same for every tenant.
func validate(decl *SettingDecl, v cty.Value, at hcl.Range) hcl.Diagnostics {
	if !v.IsWhollyKnown() {
		return nil // a secret not read during validate
	}
	var diags hcl.Diagnostics
	for _, val := range decl.Validations {
		c := evalContext(nil)
		c.Variables = map[string]cty.Value{"value": v}
		res, d := val.Condition.Value(c)
		if d.HasErrors() {
			diags = append(diags, d...)
			continue
		}
		res, err := convert.Convert(res, cty.Bool)
		res, _ = res.Unmark() // true or false says nothing the error message does not
		if err != nil || res.IsNull() {
			diags = append(diags, &hcl.Diagnostic{Severity: hcl.DiagError, Summary: "Invalid validation condition",
				Detail: "A validation condition must be true or false.", Subject: val.Condition.Range().Ptr()})
			continue
		}
		if res.IsKnown() && res.False() {
			diags = append(diags, &hcl.Diagnostic{Severity: hcl.DiagError, Summary: "Invalid value for setting " + decl.Name,
				Detail: val.ErrorMessage, Subject: at.Ptr()})
		}
	}
	return diags
}

// hasNUL reports whether any string in a known value holds a NUL byte.
func hasNUL(v cty.Value) bool {
	found := false
	_ = cty.Walk(v, func(_ cty.Path, x cty.Value) (bool, error) {
		x, _ = x.Unmark()
		if x.IsKnown() && !x.IsNull() && x.Type() == cty.String && strings.ContainsRune(x.AsString(), 0) {
			found = true
		}
		return !found, nil
	})
	return found
}

// allowsEmpty: a module says an empty value is fine by declaring "" as the
// setting's default.
func allowsEmpty(decl *SettingDecl) bool {
	return decl.Default != cty.NilVal && decl.Default.Type() == cty.String && decl.Default.IsKnown() &&
		!decl.Default.IsNull() && decl.Default.AsString() == ""
}
