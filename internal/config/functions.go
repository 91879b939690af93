package config

import (
	"os"

	"github.com/zclconf/go-cty/cty"
	"github.com/zclconf/go-cty/cty/function"
	"github.com/zclconf/go-cty/cty/function/stdlib"
)

// SensitiveMark marks values read from the environment: they are never
// printed, stored or put in a plan file.
const SensitiveMark = "sensitive"

// functions are cty's standard library under Terraform's familiar names,
// plus env(). lookupEnv is nil when missing variables should stay unknown
// (validate, fmt) rather than fail.
func functions(lookupEnv func(string) (string, bool)) map[string]function.Function {
	fns := map[string]function.Function{
		"abs": stdlib.AbsoluteFunc, "ceil": stdlib.CeilFunc, "floor": stdlib.FloorFunc,
		"max": stdlib.MaxFunc, "min": stdlib.MinFunc, "parseint": stdlib.ParseIntFunc,
		"chomp": stdlib.ChompFunc, "format": stdlib.FormatFunc, "formatlist": stdlib.FormatListFunc,
		"indent": stdlib.IndentFunc, "join": stdlib.JoinFunc, "lower": stdlib.LowerFunc,
		"upper": stdlib.UpperFunc, "replace": stdlib.ReplaceFunc, "regex": regexFunc,
		"regexall": regexAllFunc, "split": stdlib.SplitFunc, "strrev": stdlib.ReverseFunc,
		"substr": stdlib.SubstrFunc, "title": stdlib.TitleFunc, "trim": stdlib.TrimFunc,
		"trimprefix": stdlib.TrimPrefixFunc, "trimsuffix": stdlib.TrimSuffixFunc, "trimspace": stdlib.TrimSpaceFunc,
		"concat": stdlib.ConcatFunc, "contains": stdlib.ContainsFunc, "distinct": stdlib.DistinctFunc,
		"element": stdlib.ElementFunc, "flatten": stdlib.FlattenFunc, "keys": stdlib.KeysFunc,
		"length": lengthFunc, "lookup": stdlib.LookupFunc, "merge": stdlib.MergeFunc,
		"range": stdlib.RangeFunc, "reverse": stdlib.ReverseListFunc, "setunion": stdlib.SetUnionFunc,
		"slice": stdlib.SliceFunc, "sort": stdlib.SortFunc, "values": stdlib.ValuesFunc,
		"zipmap": stdlib.ZipmapFunc, "coalesce": stdlib.CoalesceFunc, "jsonencode": stdlib.JSONEncodeFunc,
		"jsondecode": stdlib.JSONDecodeFunc, "tostring": stdlib.MakeToFunc(cty.String),
		"tonumber": stdlib.MakeToFunc(cty.Number), "tobool": stdlib.MakeToFunc(cty.Bool),
		"tolist": stdlib.MakeToFunc(cty.List(cty.DynamicPseudoType)),
		"tomap":  stdlib.MakeToFunc(cty.Map(cty.DynamicPseudoType)),
		"env":    envFunc(lookupEnv),
	}
	for name, f := range fns {
		fns[name] = guardSecrets(f)
	}
	fns["can"], fns["try"] = canFunc, tryFunc
	return fns
}

// envFunc reads an environment variable. Its result is always sensitive.
// Without a lookup (validating in CI, where secrets are absent) the result
// is an unknown string, so validation passes and the value is never read.
func envFunc(lookup func(string) (string, bool)) function.Function {
	return function.New(&function.Spec{
		Description: "Reads an environment variable; the value is sensitive.",
		Params:      []function.Parameter{{Name: "name", Type: cty.String}},
		Type:        function.StaticReturnType(cty.String),
		Impl: func(args []cty.Value, _ cty.Type) (cty.Value, error) {
			name := args[0].AsString()
			if lookup == nil {
				return cty.UnknownVal(cty.String).Mark(SensitiveMark), nil
			}
			v, ok := lookup(name)
			if !ok {
				return cty.NilVal, &envMissingError{name}
			}
			return cty.StringVal(v).Mark(SensitiveMark), nil
		},
	})
}

type envMissingError struct{ name string }

func (e *envMissingError) Error() string {
	return "the environment variable " + e.name + " is not set; set it where rollout runs (secrets never live in HCL)"
}

// OSEnv is the lookup plan and apply use.
func OSEnv(name string) (string, bool) { return os.LookupEnv(name) }

// lengthFunc counts a string's characters or a collection's elements, as
// Terraform's length() does (cty's counts collections only).
var lengthFunc = function.New(&function.Spec{
	Description: "The number of characters in a string, or elements in a collection.",
	Params:      []function.Parameter{{Name: "value", Type: cty.DynamicPseudoType, AllowDynamicType: true, AllowUnknown: true, AllowMarked: true}},
	Type:        function.StaticReturnType(cty.Number),
	Impl: func(args []cty.Value, _ cty.Type) (cty.Value, error) {
		v, marks := args[0].Unmark()
		if v.Type() == cty.String {
			n, err := stdlib.Strlen(v)
			return n.WithMarks(marks), err
		}
		n, err := stdlib.Length(v)
		return n.WithMarks(marks), err
	},
})
