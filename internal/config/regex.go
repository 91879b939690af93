package config

import (
	"fmt"
	"regexp"
	resyntax "regexp/syntax"
	"sync"

	"github.com/zclconf/go-cty/cty"
	"github.com/zclconf/go-cty/cty/function"
)

// regex and regexall behave as cty's stdlib functions of those names
// (same result types, values and errors), but compile each pattern once:
// cty compiles it for the result type and again for the value, every
// call, and a module's validations run regex for every tenant's settings
// (a quarter of loading a fleet of 1,000 was compiling the same four
// patterns). The result shapes follow cty's regexPatternResultType and
// regexPatternResult (go-cty, MIT licence).
var (
	regexFunc    = regexFunction(false)
	regexAllFunc = regexFunction(true)
)

// compiled is a pattern with its result type, or why it is refused.
type compiled struct {
	re  *regexp.Regexp
	ty  cty.Type
	err error
}

// patterns caches compiled patterns; they come from the project's files,
// so there are few.
var patterns sync.Map // string → *compiled

func compile(pattern string) *compiled {
	if c, ok := patterns.Load(pattern); ok {
		return c.(*compiled)
	}
	c := &compiled{}
	c.re, c.err = regexp.Compile(pattern)
	switch err := c.err.(type) {
	case nil:
		c.ty, c.err = resultType(c.re)
	case *resyntax.Error:
		c.err = fmt.Errorf("invalid regexp pattern: %s in %s", err.Code, err.Expr)
	default:
		c.err = fmt.Errorf("error parsing pattern: %s", err)
	}
	patterns.Store(pattern, c)
	return c
}

// resultType: a string without capture groups, a tuple of unnamed ones,
// an object of named ones; a mixture is refused.
func resultType(re *regexp.Regexp) (cty.Type, error) {
	var names []string
	unnamed := 0
	for _, name := range re.SubexpNames()[1:] {
		if name == "" {
			unnamed++
		} else {
			names = append(names, name)
		}
	}
	switch {
	case unnamed == 0 && len(names) == 0:
		return cty.String, nil
	case unnamed > 0 && len(names) > 0:
		return cty.NilType, fmt.Errorf("invalid regexp pattern: cannot mix both named and unnamed capture groups")
	case unnamed > 0:
		etys := make([]cty.Type, unnamed)
		for i := range etys {
			etys[i] = cty.String
		}
		return cty.Tuple(etys), nil
	default:
		atys := make(map[string]cty.Type, len(names))
		for _, name := range names {
			atys[name] = cty.String
		}
		return cty.Object(atys), nil
	}
}

func regexFunction(all bool) function.Function {
	return function.New(&function.Spec{
		Params: []function.Parameter{{Name: "pattern", Type: cty.String}, {Name: "string", Type: cty.String}},
		Type: func(args []cty.Value) (cty.Type, error) {
			if !args[0].IsKnown() {
				if all {
					return cty.List(cty.DynamicPseudoType), nil
				}
				return cty.DynamicPseudoType, nil
			}
			c := compile(args[0].AsString())
			if c.err != nil {
				return cty.NilType, function.NewArgError(0, c.err)
			}
			if all {
				return cty.List(c.ty), nil
			}
			return c.ty, nil
		},
		RefineResult: func(b *cty.RefinementBuilder) *cty.RefinementBuilder { return b.NotNull() },
		Impl: func(args []cty.Value, retType cty.Type) (cty.Value, error) {
			if retType == cty.DynamicPseudoType || (all && retType.ElementType() == cty.DynamicPseudoType) {
				return cty.DynamicVal, nil
			}
			c := compile(args[0].AsString())
			str := args[1].AsString()
			if !all {
				idx := c.re.FindStringSubmatchIndex(str)
				if idx == nil {
					return cty.NilVal, fmt.Errorf("pattern did not match any part of the given string")
				}
				return matchValue(c.re, str, idx, c.ty), nil
			}
			each := c.re.FindAllStringSubmatchIndex(str, -1)
			if len(each) == 0 {
				return cty.ListValEmpty(c.ty), nil
			}
			elems := make([]cty.Value, len(each))
			for i, idx := range each {
				elems[i] = matchValue(c.re, str, idx, c.ty)
			}
			return cty.ListVal(elems), nil
		},
	})
}

// matchValue is one match in the shape of the pattern's result type; a
// group inside one that did not match is null.
func matchValue(re *regexp.Regexp, str string, idx []int, ty cty.Type) cty.Value {
	if ty == cty.String {
		return cty.StringVal(str[idx[0]:idx[1]])
	}
	group := func(i int) cty.Value {
		start, end := idx[2+2*i], idx[3+2*i]
		if start < 0 || end < 0 {
			return cty.NullVal(cty.String)
		}
		return cty.StringVal(str[start:end])
	}
	names := re.SubexpNames()[1:]
	if ty.IsTupleType() {
		vals := make([]cty.Value, len(names))
		for i := range vals {
			vals[i] = group(i)
		}
		return cty.TupleVal(vals)
	}
	vals := make(map[string]cty.Value, len(names))
	for i, name := range names {
		vals[name] = group(i)
	}
	return cty.ObjectVal(vals)
}
