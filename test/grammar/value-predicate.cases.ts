/**
 * Schema errors of `POST /v1/search/metric` bodies, captured from Gnocchi 4.4.2's own schema
 * (`SearchMetricController.MetricSearchSchema`, python3-gnocchi 4.4.2 with voluptuous 0.12.2 on
 * Debian 12): each body with the `reason` and `detail` Gnocchi answers in its 400 `Invalid input`.
 * Chosen as the shortest body of each distinct error shape among ~12 000 generated bodies.
 */

/** One captured case. */
export interface CapturedSchemaError {
  readonly body: unknown
  readonly reason: string
  readonly detail: readonly string[]
}

export const CAPTURED_SCHEMA_ERRORS: readonly CapturedSchemaError[] = [
  { body: 3, reason: "invalid value or type", detail: [] },
  { body: [], reason: "length of value must be at least 1", detail: [] },
  { body: [1], reason: "expected a dictionary", detail: [] },
  { body: "ab", reason: "length of value must be at most 1", detail: [] },
  { body: {"∧": 1}, reason: "extra keys not allowed @ data['∧']", detail: ["∧"] },
  { body: {"=": []}, reason: "expected float for dictionary value @ data['=']", detail: ["="] },
  { body: {"∨": [3]}, reason: "invalid value or type @ data['∨'][0]", detail: ["∨", "0"] },
  { body: {"∨": [[]]}, reason: "length of value must be at least 1 @ data['∨'][0]", detail: ["∨", "0"] },
  { body: {"∨": ["a"]}, reason: "expected a dictionary @ data['∨'][0]", detail: ["∨", "0"] },
  { body: {"∧": ["ab"]}, reason: "length of value must be at most 1 @ data['∧'][0]", detail: ["∧", "0"] },
  { body: {"/": [0, []]}, reason: "length of value must be at least 1 @ data['/'][1]", detail: ["/", "1"] },
  { body: {"<": [0, [1]]}, reason: "expected a dictionary @ data['<'][1]", detail: ["<", "1"] },
  { body: {"=": [1, "ab"]}, reason: "length of value must be at most 1 @ data['='][1]", detail: ["=", "1"] },
  { body: {"=": [1, null]}, reason: "invalid value or type @ data['='][1]", detail: ["=", "1"] },
  { body: {"-": [{"×": {}}]}, reason: "expected float for dictionary value @ data['-'][0]['×']", detail: ["-", "0", "×"] },
  { body: {"*": [{"or": []}]}, reason: "extra keys not allowed @ data['*'][0]['or']", detail: ["*", "0", "or"] },
  { body: {"∨": [{"∨": [[]]}]}, reason: "length of value must be at least 1 @ data['∨'][0]['∨'][0]", detail: ["∨", "0", "∨", "0"] },
  { body: {"÷": [-3, {"∨": 1}]}, reason: "extra keys not allowed @ data['÷'][1]['∨']", detail: ["÷", "1", "∨"] },
  { body: {"=": [1, {"=": "x"}]}, reason: "expected float for dictionary value @ data['='][1]['=']", detail: ["=", "1", "="] },
  { body: {"∧": [{"∧": [true]}]}, reason: "invalid value or type @ data['∧'][0]['∧'][0]", detail: ["∧", "0", "∧", "0"] },
  { body: {"∨": [{"=": [1, [[]]]}]}, reason: "expected a dictionary @ data['∨'][0]['='][1]", detail: ["∨", "0", "=", "1"] },
  { body: {"∧": [{"=": [1, null]}]}, reason: "invalid value or type @ data['∧'][0]['='][1]", detail: ["∧", "0", "=", "1"] },
  { body: {"∧": [{"/": [[1], 2.5]}]}, reason: "expected a dictionary @ data['∧'][0]['/'][0]", detail: ["∧", "0", "/", "0"] },
  { body: {"≥": [{"/": [0, []]}, 1]}, reason: "length of value must be at least 1 @ data['≥'][0]['/'][1]", detail: ["≥", "0", "/", "1"] },
  { body: {"or": [{"=": [1, "ab"]}]}, reason: "length of value must be at most 1 @ data['or'][0]['='][1]", detail: ["or", "0", "=", "1"] },
  { body: {"∨": [{}, 3, {"=": "x"}]}, reason: "expected float for dictionary value @ data['∨'][2]['=']", detail: ["∨", "2", "="] },
  { body: {"*": [1, {"%": [{}, {}]}]}, reason: "length of value must be at least 1 @ data['*'][1]['%'][0]", detail: ["*", "1", "%", "0"] },
  { body: {">=": [[], 0, {"∨": true}]}, reason: "extra keys not allowed @ data['>='][2]['∨']", detail: [">=", "2", "∨"] },
  { body: {"+": [1, {"=": [1, "ab"]}]}, reason: "length of value must be at most 1 @ data['+'][1]['='][1]", detail: ["+", "1", "=", "1"] },
  { body: {"≥": [1, {"=": [1, null]}]}, reason: "invalid value or type @ data['≥'][1]['='][1]", detail: ["≥", "1", "=", "1"] },
  { body: {"/": [0, {"**": [[[]], 0]}]}, reason: "expected a dictionary @ data['/'][1]['**'][0]", detail: ["/", "1", "**", "0"] },
  { body: {"≥": [[[]], {"<": [1, []]}]}, reason: "length of value must be at least 1 @ data['≥'][1]['<'][1]", detail: ["≥", "1", "<", "1"] },
  { body: {"∧": [{"not": [[1, 2, 3]]}]}, reason: "length of value must be at most 1 @ data['∧'][0]['not'][0]", detail: ["∧", "0", "not", "0"] },
  { body: {"not": [{"∧": [{"foo": 1}]}]}, reason: "extra keys not allowed @ data['not'][0]['∧'][0]['foo']", detail: ["not", "0", "∧", "0", "foo"] },
  { body: {"lt": [{"ge": [{"+": "≥"}]}]}, reason: "expected float for dictionary value @ data['lt'][0]['ge'][0]['+']", detail: ["lt", "0", "ge", "0", "+"] },
  { body: {"∨": [{"∧": []}, {"∧": [3]}]}, reason: "invalid value or type @ data['∨'][1]['∧'][0]", detail: ["∨", "1", "∧", "0"] },
  { body: {"<": [1, {"=": [false, "a"]}]}, reason: "expected a dictionary @ data['<'][1]['='][1]", detail: ["<", "1", "=", "1"] },
  { body: {"∧": [{"=": 1}, {"∧": ["ab"]}]}, reason: "length of value must be at most 1 @ data['∧'][1]['∧'][0]", detail: ["∧", "1", "∧", "0"] },
  { body: {"∧": [{"and": []}, {"+": 2.5}, 3]}, reason: "invalid value or type @ data['∧'][2]", detail: ["∧", "2"] },
  { body: {"∧": [{"not": [{"/": [[[]], 0]}]}]}, reason: "expected a dictionary @ data['∧'][0]['not'][0]['/'][0]", detail: ["∧", "0", "not", "0", "/", "0"] },
  { body: {"and": [{"∨": []}, {"=": -1}, "a"]}, reason: "expected a dictionary @ data['and'][2]", detail: ["and", "2"] },
  { body: {"not": [{"**": [2.5, {"=": "x"}]}]}, reason: "expected float for dictionary value @ data['not'][0]['**'][1]['=']", detail: ["not", "0", "**", "1", "="] },
  { body: {"*": [{"=": ["", {"foo": 1}]}, 2.5]}, reason: "extra keys not allowed @ data['*'][0]['='][1]['foo']", detail: ["*", "0", "=", "1", "foo"] },
  { body: {"gt": [[], {"+": [{"or": {}}, -3]}]}, reason: "extra keys not allowed @ data['gt'][1]['+'][0]['or']", detail: ["gt", "1", "+", "0", "or"] },
  { body: {"not": [{"/": [{"le": [12, "≥"]}]}]}, reason: "expected a dictionary @ data['not'][0]['/'][0]['le'][1]", detail: ["not", "0", "/", "0", "le", "1"] },
  { body: {"sub": [-3, {"≥": [-3, {"ge": []}]}]}, reason: "expected float for dictionary value @ data['sub'][1]['≥'][1]['ge']", detail: ["sub", "1", "≥", "1", "ge"] },
  { body: {"∧": [null, {"=": -1}, {"=": [{}, 1]}]}, reason: "length of value must be at least 1 @ data['∧'][2]['='][0]", detail: ["∧", "2", "=", "0"] },
  { body: {"**": [0, {"ne": [false, {"and": 1}]}]}, reason: "extra keys not allowed @ data['**'][1]['ne'][1]['and']", detail: ["**", "1", "ne", "1", "and"] },
  { body: {"∧": [{"not": [{"∧": [{"/": 1}, ""]}]}]}, reason: "length of value must be at least 1 @ data['∧'][0]['not'][0]['∧'][1]", detail: ["∧", "0", "not", "0", "∧", "1"] },
  { body: {"=": [{"**": [0, {"=": [{}, 1]}]}, 2.5]}, reason: "length of value must be at least 1 @ data['='][0]['**'][1]['='][0]", detail: ["=", "0", "**", "1", "=", "0"] },
  { body: {"<": [0, {"%": [{"=": [1, "ab"]}, []]}]}, reason: "length of value must be at most 1 @ data['<'][1]['%'][0]['='][1]", detail: ["<", "1", "%", "0", "=", "1"] },
  { body: {"ne": [{"≥": ["", {"=": [1, "ab"]}]}, 1]}, reason: "length of value must be at most 1 @ data['ne'][0]['≥'][1]['='][1]", detail: ["ne", "0", "≥", "1", "=", "1"] },
  { body: {"/": [{"<": [0, {"=": [[[]], 2.5]}]}, 1]}, reason: "expected a dictionary @ data['/'][0]['<'][1]['='][0]", detail: ["/", "0", "<", "1", "=", "0"] },
  { body: {"**": [{"=": [{"=": [{}, 1]}, []]}, 2.5]}, reason: "length of value must be at least 1 @ data['**'][0]['='][0]['='][0]", detail: ["**", "0", "=", "0", "=", "0"] },
  { body: {"+": [{"<": [0, {"=": [1, null]}]}, 2.5]}, reason: "invalid value or type @ data['+'][0]['<'][1]['='][1]", detail: ["+", "0", "<", "1", "=", "1"] },
  { body: {"ne": [2.5, {"*": [{"=": [{}, 1]}, 2.5]}]}, reason: "length of value must be at least 1 @ data['ne'][1]['*'][0]['='][0]", detail: ["ne", "1", "*", "0", "=", "0"] },
  { body: {"/": [{"=": [{"=": [1, "ab"]}, 2.5]}, 2.5]}, reason: "length of value must be at most 1 @ data['/'][0]['='][0]['='][1]", detail: ["/", "0", "=", "0", "=", "1"] },
  { body: {"mul": [{"≤": 1}, 12, {"mod": 1, "∧": []}]}, reason: "length of value must be at most 1 @ data['mul'][2]", detail: ["mul", "2"] },
  { body: {"not": [{}, {"∨": []}, {"%": [2.5, [[]]]}]}, reason: "expected a dictionary @ data['not'][2]['%'][1]", detail: ["not", "2", "%", "1"] },
  { body: {"**": [2.5, {"<": [{"=": "x"}, {"**": 1}]}]}, reason: "expected float for dictionary value @ data['**'][1]['<'][0]['=']", detail: ["**", "1", "<", "0", "="] },
  { body: {"<": [{"**": [{"=": [1, null]}, 2.5]}, false]}, reason: "invalid value or type @ data['<'][0]['**'][0]['='][1]", detail: ["<", "0", "**", "0", "=", "1"] },
  { body: {"≥": [0, {"/": [{"=": 1}, {"=": [1, null]}]}]}, reason: "invalid value or type @ data['≥'][1]['/'][1]['='][1]", detail: ["≥", "1", "/", "1", "=", "1"] },
  { body: {"**": [false, {"=": [2.5, {"<": ["a", 2.5]}]}]}, reason: "expected a dictionary @ data['**'][1]['='][1]['<'][0]", detail: ["**", "1", "=", "1", "<", "0"] },
  { body: {"∧": [3, {"/": [{"/": 2.5}, {"**": [0, {}]}]}]}, reason: "length of value must be at least 1 @ data['∧'][1]['/'][1]['**'][1]", detail: ["∧", "1", "/", "1", "**", "1"] },
]
