// Prints, for each Parquet file given, one JSON line: {"file":..., "rows":N, "first":{...}}.
// Used by IngestJobEndToEndTest to show that wattflow's output opens outside the JVM.
import { asyncBufferFromFile, parquetReadObjects } from 'hyparquet'

for (const path of process.argv.slice(2)) {
  const rows = await parquetReadObjects({ file: await asyncBufferFromFile(path) })
  const first = rows.length ? rows[0] : null
  console.log(JSON.stringify({ file: path, rows: rows.length, first },
    (key, value) => typeof value === 'bigint' ? Number(value) : value))
}
