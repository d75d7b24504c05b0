// Purpose: counts a run of the HTTP caching suite (http-cache-tests) the way docs/public-routes.md reports it:
// required passed / scored / not scored, with the suite's own rules for dependencies and test kinds.
// Usage: node perf/cache-tests/summary.mjs <the suite's package directory> <results.json>   (run.sh calls it;
// SHOW_FAILS=1 also lists the required tests that failed)
import fs from 'fs'
import path from 'path'
import { pathToFileURL } from 'url'
const [pkg, file] = process.argv.slice(2)
const tests = (await import(pathToFileURL(path.join(pkg, 'tests/index.mjs')))).default
const surrogate = (await import(pathToFileURL(path.join(pkg, 'tests/surrogate-control.mjs')))).default
tests.push(surrogate)
const results = JSON.parse(fs.readFileSync(file, 'utf8'))
const byId = new Map()
for (const s of tests) for (const t of s.tests) byId.set(t.id, t)
const memo = new Map()
function verdict (id) {
  if (memo.has(id)) return memo.get(id)
  const t = byId.get(id); const r = results[id]; let v
  if (r === undefined) v = 'untested'
  else {
    if (t.depends_on) for (const d of t.depends_on) { const dv = verdict(d); if (dv !== 'pass' && dv !== 'yes') { v = 'dependency'; break } }
    if (!v) {
      if (Array.isArray(r) && r[0] === 'Setup') v = r[1] === 'retry' ? 'retry' : 'setup'
      else if (t.kind === 'optimal') v = r === true ? 'pass' : 'optional_fail'
      else if (t.kind === 'check') v = r === true ? 'yes' : 'no'
      else v = r === true ? 'pass' : (Array.isArray(r) && r[0] !== 'Assertion' && r[0] !== 'AbortError' ? 'harness' : 'fail')
    }
  }
  memo.set(id, v); return v
}
const count = {}
let reqPass = 0, reqScored = 0, notScored = 0, reqNotScored = 0
const fails = []
for (const [id, t] of byId) {
  const v = verdict(id); const req = t.kind === undefined || t.kind === 'required'
  count[v] = (count[v] || 0) + 1
  if (['dependency', 'setup', 'retry', 'harness'].includes(v)) { notScored++; if (req) reqNotScored++ }
  if (req && (v === 'pass' || v === 'fail')) { reqScored++; if (v === 'pass') reqPass++ }
  if (req && v === 'fail') fails.push(id)
}
console.log(JSON.stringify({ requiredPassed: reqPass, requiredScored: reqScored, notScored, requiredNotScored: reqNotScored, verdicts: count }))
if (process.env.SHOW_FAILS) console.log(fails.join('\n'))
