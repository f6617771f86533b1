#:package Npgsql@10.0.3
using System.Diagnostics;
using Npgsql;
using NpgsqlTypes;

// Writes BATCHES batches of ROWS 1 KiB messages into a copy of tidings_messages, one transaction per batch, by
// (a) the writer's CTE (fence UPDATE + INSERT ... unnest) and (b) BEGIN; fence UPDATE; binary COPY; COMMIT.
// Prints wall ms per batch and PostgreSQL's CPU µs per row (from /proc).
var mode = args[0]; var batches = int.Parse(args[1]); const int Rows = 1000;
var cs = "Host=127.0.0.1;Username=tidings;Password=tidings;Database=" + args[2];
await using var ds = NpgsqlDataSource.Create(cs);
await using (var c = await ds.OpenConnectionAsync())
{
    await new NpgsqlCommand("""
      DROP TABLE IF EXISTS m; DROP TABLE IF EXISTS l;
      CREATE TABLE l (id bigint PRIMARY KEY, next_sequence bigint NOT NULL, writer uuid);
      INSERT INTO l VALUES (1, 1, NULL);
      CREATE TABLE m (log_id bigint NOT NULL, sequence bigint NOT NULL, publish_time bigint NOT NULL, ordering_key bytea NOT NULL,
        attributes bytea NOT NULL, data bytea NOT NULL, PRIMARY KEY (log_id, sequence));
      ALTER TABLE m ALTER COLUMN data SET STORAGE EXTERNAL; ALTER TABLE m ALTER COLUMN attributes SET STORAGE EXTERNAL;
      """, c).ExecuteNonQueryAsync();
}
var data = new byte[Rows][]; var rnd = new Random(1);
for (var i = 0; i < Rows; i++) { data[i] = new byte[1024]; rnd.NextBytes(data[i]); }
var empty = Array.Empty<byte>(); var writer = Guid.NewGuid();
long next = 1;
double PgCpu() { double t = 0; foreach (var p in Directory.GetDirectories("/proc")) { var f = Path.Combine(p, "stat"); try { var s = File.ReadAllText(f); var name = s[(s.IndexOf('(') + 1)..s.IndexOf(')')]; if (name != "postgres") continue; var rest = s[(s.IndexOf(')') + 2)..].Split(' '); t += long.Parse(rest[11]) + long.Parse(rest[12]); } catch { } } return t / 100.0; }
const string Cte = """
    WITH fenced AS (UPDATE l SET next_sequence = f.next, writer = $10 FROM unnest($1::bigint[], $2::bigint[], $3::bigint[]) AS f(id, expected, next)
        WHERE l.id = f.id AND l.next_sequence = f.expected RETURNING l.id),
    written AS (INSERT INTO m (log_id, sequence, publish_time, ordering_key, attributes, data)
        SELECT x.log_id, x.sequence, x.publish_time, x.ordering_key, x.attributes, x.data
        FROM unnest($4::bigint[], $5::bigint[], $6::bigint[], $7::bytea[], $8::bytea[], $9::bytea[]) AS x(log_id, sequence, publish_time, ordering_key, attributes, data)
        WHERE x.log_id IN (SELECT id FROM fenced))
    SELECT id FROM fenced
    """;
var cpu0 = PgCpu(); var sw = Stopwatch.StartNew();
await using (var conn = await ds.OpenConnectionAsync())
{
    for (var b = 0; b < batches; b++)
    {
        var seqs = new long[Rows]; var logs = new long[Rows]; var times = new long[Rows]; var keys = new byte[Rows][]; var attrs = new byte[Rows][];
        for (var i = 0; i < Rows; i++) { seqs[i] = next + i; logs[i] = 1; times[i] = 1; keys[i] = empty; attrs[i] = empty; }
        if (mode == "cte")
        {
            await using var cmd = new NpgsqlCommand(Cte, conn);
            cmd.Parameters.Add(new NpgsqlParameter { Value = new long[] { 1 } }); cmd.Parameters.Add(new NpgsqlParameter { Value = new long[] { next } });
            cmd.Parameters.Add(new NpgsqlParameter { Value = new long[] { next + Rows } }); cmd.Parameters.Add(new NpgsqlParameter { Value = logs });
            cmd.Parameters.Add(new NpgsqlParameter { Value = seqs }); cmd.Parameters.Add(new NpgsqlParameter { Value = times });
            cmd.Parameters.Add(new NpgsqlParameter { Value = keys }); cmd.Parameters.Add(new NpgsqlParameter { Value = attrs });
            cmd.Parameters.Add(new NpgsqlParameter { Value = data }); cmd.Parameters.Add(new NpgsqlParameter { Value = writer });
            var moved = 0; await using (var r = await cmd.ExecuteReaderAsync()) while (await r.ReadAsync()) moved++;
            if (moved != 1) throw new Exception("fenced");
        }
        else
        {
            await using var tx = await conn.BeginTransactionAsync();
            await using (var cmd = new NpgsqlCommand("UPDATE l SET next_sequence = $1, writer = $2 WHERE id = 1 AND next_sequence = $3", conn, tx))
            {
                cmd.Parameters.Add(new NpgsqlParameter { Value = next + Rows }); cmd.Parameters.Add(new NpgsqlParameter { Value = writer }); cmd.Parameters.Add(new NpgsqlParameter { Value = next });
                if (await cmd.ExecuteNonQueryAsync() != 1) throw new Exception("fenced");
            }
            await using (var imp = await conn.BeginBinaryImportAsync("COPY m (log_id, sequence, publish_time, ordering_key, attributes, data) FROM STDIN (FORMAT BINARY)"))
            {
                for (var i = 0; i < Rows; i++)
                {
                    await imp.StartRowAsync();
                    await imp.WriteAsync(1L, NpgsqlDbType.Bigint); await imp.WriteAsync(seqs[i], NpgsqlDbType.Bigint); await imp.WriteAsync(1L, NpgsqlDbType.Bigint);
                    await imp.WriteAsync(empty, NpgsqlDbType.Bytea); await imp.WriteAsync(empty, NpgsqlDbType.Bytea); await imp.WriteAsync(data[i], NpgsqlDbType.Bytea);
                }
                await imp.CompleteAsync();
            }
            await tx.CommitAsync();
        }
        next += Rows;
    }
}
var wall = sw.Elapsed.TotalMilliseconds; var cpu = PgCpu() - cpu0;
Console.WriteLine($"{mode}: {wall / batches:F2} ms/batch of {Rows}, {batches * Rows / (wall / 1000):F0} rows/s, postgres cpu {cpu * 1e6 / (batches * Rows):F1} µs/row, client cpu {Process.GetCurrentProcess().TotalProcessorTime.TotalMilliseconds * 1000 / (batches * Rows):F1} µs/row");
