import type Database from 'better-sqlite3';

/**
 * Schema versions, keyed on PRAGMA user_version: migration i takes a file from version i to
 * i + 1, each inside one transaction. Never edit a shipped migration; append a new one.
 *
 * Layout notes: metric points are the bulk of a project (millions of rows), so they live in a
 * WITHOUT ROWID table clustered on (run, series key, step) — reading one series of one run is a
 * contiguous range scan, and re-recording a step (resume) replaces rather than duplicates.
 * Series and subset names are small integer codes (series_keys) so each point row stays ~40
 * bytes. Per-layer N and Q are a JSON column rather than a child table: they are always read
 * with their measurement (the layer chart), a child table would multiply rows by the layer count
 * and every write by a second insert, and per-layer SQL filtering is not something we need.
 * Imported datasets and tensors are BLOBs inside the file, so a project is self-contained.
 */
/** Takes a file from version i to i + 1; runs inside a transaction opened by the caller. */
export type Migration = (db: Database.Database) => void;

export const MIGRATIONS: readonly Migration[] = [
  (db) => {
    db.exec(`
      CREATE TABLE projects (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        name TEXT NOT NULL,
        created_at TEXT NOT NULL,
        app_version TEXT NOT NULL
      );
      CREATE TABLE runs (
        id INTEGER PRIMARY KEY,
        name TEXT NOT NULL,
        tags TEXT NOT NULL DEFAULT '[]',
        notes TEXT NOT NULL DEFAULT '',
        group_id INTEGER,
        config TEXT NOT NULL,
        seed INTEGER NOT NULL,
        status TEXT NOT NULL CHECK (status IN ('queued','running','completed','failed','cancelled','diverged','interrupted')),
        backend TEXT,
        backend_version TEXT,
        app_version TEXT NOT NULL,
        param_count INTEGER,
        total_steps INTEGER,
        layer_names TEXT NOT NULL DEFAULT '[]',
        created_at TEXT NOT NULL,
        started_at TEXT,
        finished_at TEXT,
        error TEXT,
        pid INTEGER
      );
      CREATE INDEX runs_group ON runs(group_id);
      CREATE TABLE run_groups (id INTEGER PRIMARY KEY, name TEXT NOT NULL, created_at TEXT NOT NULL);
      CREATE TABLE series_keys (
        id INTEGER PRIMARY KEY,
        series TEXT NOT NULL,
        subset TEXT NOT NULL,
        UNIQUE (series, subset)
      );
      CREATE TABLE metric_points (
        run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
        key_id INTEGER NOT NULL REFERENCES series_keys(id),
        step INTEGER NOT NULL,
        epoch REAL NOT NULL,
        examples_seen INTEGER NOT NULL,
        wall_ms REAL NOT NULL,
        value REAL NOT NULL,
        PRIMARY KEY (run_id, key_id, step)
      ) WITHOUT ROWID;
      CREATE TABLE coherence_measurements (
        run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
        probe TEXT NOT NULL,
        step INTEGER NOT NULL,
        epoch REAL NOT NULL,
        examples_seen INTEGER NOT NULL,
        wall_ms REAL NOT NULL,
        m INTEGER NOT NULL,
        value REAL NOT NULL,
        alpha_hat REAL NOT NULL,
        layers TEXT NOT NULL,
        PRIMARY KEY (run_id, probe, step)
      ) WITHOUT ROWID;
      CREATE TABLE probe_sets (
        run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
        probe TEXT NOT NULL,
        positions TEXT NOT NULL,
        source_indices TEXT NOT NULL,
        labels TEXT NOT NULL,
        PRIMARY KEY (run_id, probe)
      );
      CREATE TABLE examples (
        run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
        position INTEGER NOT NULL,
        source_index INTEGER NOT NULL,
        original_label INTEGER NOT NULL,
        training_label INTEGER NOT NULL,
        corrupt INTEGER NOT NULL,
        first_learned_step INTEGER,
        learned_since_step INTEGER,
        PRIMARY KEY (run_id, position)
      ) WITHOUT ROWID;
      CREATE TABLE checkpoints (
        run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
        step INTEGER NOT NULL,
        wall_ms REAL NOT NULL,
        weights BLOB NOT NULL,
        optimizer_state BLOB NOT NULL,
        rng_state TEXT NOT NULL,
        extra_state TEXT,
        created_at TEXT NOT NULL,
        PRIMARY KEY (run_id, step)
      );
      CREATE TABLE final_weights (
        run_id INTEGER PRIMARY KEY REFERENCES runs(id) ON DELETE CASCADE,
        weights BLOB NOT NULL
      );
      CREATE TABLE datasets (
        id INTEGER PRIMARY KEY,
        name TEXT NOT NULL UNIQUE,
        format TEXT NOT NULL,
        source_path TEXT NOT NULL,
        height INTEGER NOT NULL,
        width INTEGER NOT NULL,
        channels INTEGER NOT NULL,
        num_classes INTEGER NOT NULL,
        train_count INTEGER NOT NULL,
        test_count INTEGER NOT NULL,
        train_pixels BLOB NOT NULL,
        train_labels BLOB NOT NULL,
        test_pixels BLOB NOT NULL,
        test_labels BLOB NOT NULL,
        created_at TEXT NOT NULL
      );
      CREATE TABLE latest_values (
        run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
        key TEXT NOT NULL,
        step INTEGER NOT NULL,
        value REAL,
        PRIMARY KEY (run_id, key)
      ) WITHOUT ROWID;
    `);
  },
  // v2: run lists filter by status and start-up looks for runs left `running`.
  (db) => {
    db.exec('CREATE INDEX runs_status ON runs(status)');
  },
  // v3: a non-finite value (NaN loss of a diverging run, alpha-hat at m = 1) is stored as NULL
  // and read back as NaN, instead of failing its whole batch on NOT NULL or being faked as 0.
  // SQLite cannot drop NOT NULL in place, so both tables are rebuilt (same layout otherwise).
  // Imported datasets also keep their class names.
  (db) => {
    db.exec(`
      CREATE TABLE metric_points_v3 (
        run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
        key_id INTEGER NOT NULL REFERENCES series_keys(id),
        step INTEGER NOT NULL,
        epoch REAL NOT NULL,
        examples_seen INTEGER NOT NULL,
        wall_ms REAL NOT NULL,
        value REAL,
        PRIMARY KEY (run_id, key_id, step)
      ) WITHOUT ROWID;
      INSERT INTO metric_points_v3 SELECT run_id, key_id, step, epoch, examples_seen, wall_ms, value
        FROM metric_points;
      DROP TABLE metric_points;
      ALTER TABLE metric_points_v3 RENAME TO metric_points;
      CREATE TABLE coherence_measurements_v3 (
        run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
        probe TEXT NOT NULL,
        step INTEGER NOT NULL,
        epoch REAL NOT NULL,
        examples_seen INTEGER NOT NULL,
        wall_ms REAL NOT NULL,
        m INTEGER NOT NULL,
        value REAL,
        alpha_hat REAL,
        layers TEXT NOT NULL,
        PRIMARY KEY (run_id, probe, step)
      ) WITHOUT ROWID;
      INSERT INTO coherence_measurements_v3 SELECT run_id, probe, step, epoch, examples_seen, wall_ms,
        m, value, alpha_hat, layers FROM coherence_measurements;
      DROP TABLE coherence_measurements;
      ALTER TABLE coherence_measurements_v3 RENAME TO coherence_measurements;
      ALTER TABLE datasets ADD COLUMN class_names TEXT;
    `);
  },
  // v4: who a running run's trainer is (start time, boot id, nonce; runs/trainerIdentity.ts),
  // so another process signals only that trainer and never whatever process reuses its pid.
  (db) => {
    db.exec('ALTER TABLE runs ADD COLUMN trainer_identity TEXT');
  },
  // v5: metric definitions v2 (shared/metricDefinitions). Runs record which definitions their
  // metrics follow (existing runs were recorded under v1) and the sizes of their training and
  // evaluated test sets; examples keep "selected for noise" apart from "corrupt" (= changed).
  // Under v1 the corrupt flag meant selected, so existing rows copy it.
  (db) => {
    db.exec(`
      ALTER TABLE runs ADD COLUMN metrics_version INTEGER NOT NULL DEFAULT 1;
      ALTER TABLE runs ADD COLUMN train_count INTEGER;
      ALTER TABLE runs ADD COLUMN test_count INTEGER;
      ALTER TABLE examples ADD COLUMN selected INTEGER NOT NULL DEFAULT 0;
      UPDATE examples SET selected = corrupt;
    `);
  },
  // v6: sweeps (base config × axes × seeds). A sweep's definition is kept as given; its runs
  // are linked to it by task and cell. The link has no foreign key to `sweeps` because a
  // Slurm shard (a project file holding one run of a sweep) carries the link without the sweep.
  (db) => {
    db.exec(`
      CREATE TABLE sweeps (
        id TEXT PRIMARY KEY,
        name TEXT NOT NULL,
        definition TEXT NOT NULL,
        executor TEXT CHECK (executor IS NULL OR executor IN ('local','slurm')),
        executor_options TEXT,
        work_dir TEXT,
        created_at TEXT NOT NULL
      );
      CREATE TABLE sweep_runs (
        run_id INTEGER PRIMARY KEY REFERENCES runs(id) ON DELETE CASCADE,
        sweep_id TEXT NOT NULL,
        task_index INTEGER NOT NULL,
        cell_index INTEGER NOT NULL,
        cell_key TEXT NOT NULL,
        seed INTEGER NOT NULL,
        UNIQUE (sweep_id, task_index)
      );
      CREATE INDEX sweep_runs_cell ON sweep_runs(sweep_id, cell_index);
    `);
  },
  // v7: per-project settings the views keep with the project (the compare dashboard's panels),
  // as JSON values under fixed keys; each key's value is validated where it is read.
  (db) => {
    db.exec(`
      CREATE TABLE project_settings (
        key TEXT PRIMARY KEY,
        value TEXT NOT NULL,
        updated_at TEXT NOT NULL
      ) WITHOUT ROWID;
    `);
  },
  // v8: a run started from another run's final weights (config init.fromRun) records that parent.
  // Deleting the parent keeps the child and forgets the link.
  (db) => {
    db.exec(
      'ALTER TABLE runs ADD COLUMN parent_run_id INTEGER REFERENCES runs(id) ON DELETE SET NULL',
    );
  },
  // v9: a run trained on another run's easy/hard examples (config dataset.learnedSubset) records
  // that reference as a link, like its parent: deleting the reference clears it (run ids can be
  // reused once the newest run is deleted), and a run imported without its reference has none,
  // where the config's id would name an unrelated run of this project. Existing runs link to
  // the run their config names when it is still here.
  // Also v9: class-pair cross-coherences of runs with per-class probes (classCrossRepository).
  (db) => {
    db.exec(`
      CREATE TABLE class_cross_coherence (
        run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
        step INTEGER NOT NULL,
        epoch REAL NOT NULL,
        examples_seen INTEGER NOT NULL,
        wall_ms REAL NOT NULL,
        classes TEXT NOT NULL,
        pair_values TEXT NOT NULL,
        PRIMARY KEY (run_id, step)
      ) WITHOUT ROWID;
      ALTER TABLE runs ADD COLUMN learned_reference_run_id INTEGER REFERENCES runs(id) ON DELETE SET NULL;
      UPDATE runs SET learned_reference_run_id = (
        SELECT reference.id FROM runs AS reference
        WHERE reference.id = json_extract(runs.config, '$.dataset.learnedSubset.referenceRun')
      )
      WHERE json_valid(config);
    `);
  },
];

export const SCHEMA_VERSION = MIGRATIONS.length;
