package dev.synclog.example;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * The contacts table of the test scenario, reproducible from a seed: run 1's table is generated, and before
 * each later run the table changes the same way for the same seed and run number.
 *
 * <p>Row number n (id {@code C%07d}) carries the scenario's planted problems, which every destination refuses
 * every run: n % 100 == 50 has an invalid email, n % 100 == 75 an age of 130, n % 100 == 99 the id of row n-1
 * in lower case (a duplicate id to a CRM whose ids ignore case). Even rows are in the audience.
 *
 * <p>Before run r ≥ 2, with N rows in the table: N/100 rows removed (half of them audience members),
 * N/100 members leave the audience, N/100 rows join it, N/200 non-members get an invalid email,
 * N/20 rows get a plan, last name or age change, and N/50 new rows are appended (half of them members).
 * Changes only touch rows past {@link #UNTOUCHED_ROWS} without planted problems, and never row n-1 of a
 * duplicate: rows the destinations failed in run 1 (faults hit its first two batches) are retried unchanged,
 * so each run's counts follow from these numbers alone.
 */
public final class SourceMutator {
    static final String USAGE = """
            usage: java -cp synclog-example.jar dev.synclog.example.SourceMutator --source FILE --run R --seed S [--rows N]
              --run 1 writes a new table of N rows (default 1000); --run R >= 2 changes the table in place as the
              scenario does before run R. Apply runs in order (1, 2, 3, ...) with the same seed.""";
    /** Rows the first two batches of run 1 hold (200 CRM rows, 200 audience members: rows 2..400). */
    static final int UNTOUCHED_ROWS = 400;

    private static final String[] FIRST_NAMES = {"ada", "alan", "grace", "linus", "edsger", "barbara", "ken",
            "margaret", "dennis", "frances", "john", "radia", "tim", "sophie", "niklaus", "anita"};
    private static final String[] LAST_NAMES = {"lovelace", "turing", "hopper", "torvalds", "dijkstra", "liskov",
            "thompson", "hamilton", "ritchie", "allen", "backus", "perlman", "berners-lee", "wilson", "wirth", "borg"};
    private static final String[] PLANS = {"free", "starter", "pro", "enterprise"};

    private SourceMutator() {
    }

    public static void main(String[] args) throws Exception {
        CommandLine.run(args, SourceMutator::run);
    }

    private static void run(String[] args) {
        CommandLine cli = new CommandLine(USAGE, Set.of("source", "run", "seed", "rows"), Set.of(), args);
        Path source = Path.of(cli.required("source"));
        int run = cli.integer("run", 0);
        long seed = cli.wholeNumber("seed");
        if (run == 1) {
            ContactCsv.write(source, generate(cli.integer("rows", 1000), seed));
        } else if (run >= 2) {
            mutateFile(source, run, seed);
        } else {
            throw new IllegalArgumentException("--run must be 1 (generate) or more (change), got " + run + "\n" + USAGE);
        }
    }

    public static void mutateFile(Path source, int run, long seed) {
        ContactCsv.write(source, mutate(ContactCsv.read(source), run, seed));
    }

    public static List<Contact> generate(int rows, long seed) {
        Random random = new Random(seed);
        List<Contact> table = new ArrayList<>(rows);
        for (int n = 1; n <= rows; n++) {
            Contact row = cleanRow(n, random);
            switch (n % 100) {
                case 50 -> row = row.withEmail(invalidEmail(row));
                case 75 -> row = row.withAge(130);
                case 99 -> row = new Contact(id(n - 1).toLowerCase(Locale.ROOT), row.email(), row.firstName(),
                        row.lastName(), row.plan(), row.age(), row.inAudience());
                default -> { }
            }
            table.add(row);
        }
        return table;
    }

    public static List<Contact> mutate(List<Contact> table, int run, long seed) {
        Random random = new Random(seed * 1_000_003L + run);
        int n = table.size();
        List<Contact> members = new ArrayList<>();
        List<Contact> others = new ArrayList<>();
        for (Contact row : table) {
            if (mutable(row)) {
                (row.inAudience() ? members : others).add(row);
            }
        }
        Collections.shuffle(members, random);
        Collections.shuffle(others, random);
        Picker fromMembers = new Picker(members, run);
        Picker fromOthers = new Picker(others, run);

        Map<String, Contact> edited = new LinkedHashMap<>();
        List<Contact> removed = new ArrayList<>(fromMembers.take(n / 200));
        removed.addAll(fromOthers.take(n / 100 - n / 200));
        fromMembers.take(n / 100).forEach(row -> edited.put(row.id(), row.withInAudience(false)));
        fromOthers.take(n / 100).forEach(row -> edited.put(row.id(), row.withInAudience(true)));
        fromOthers.take(n / 200).forEach(row -> edited.put(row.id(), row.withEmail(invalidEmail(row))));
        List<Contact> fieldEdits = new ArrayList<>(fromMembers.take(n / 40));
        fieldEdits.addAll(fromOthers.take(n / 20 - n / 40));
        for (int i = 0; i < fieldEdits.size(); i++) {
            edited.put(fieldEdits.get(i).id(), fieldEdit(fieldEdits.get(i), i, random));
        }

        Set<String> removedIds = new HashSet<>(Contact.ids(removed));
        List<Contact> next = new ArrayList<>(n + n / 50);
        for (Contact row : table) {
            if (!removedIds.contains(row.id())) {
                next.add(edited.getOrDefault(row.id(), row));
            }
        }
        int lastNumber = table.stream().mapToInt(SourceMutator::number).max().orElse(0);
        for (int added = 1; added <= n / 50; added++) {
            next.add(cleanRow(lastNumber + added, random));
        }
        return next;
    }

    /** Takes rows off the front of a shuffled pool, failing with the fix when the table is too small. */
    private static final class Picker {
        private final List<Contact> pool;
        private final int run;
        private int next;

        Picker(List<Contact> pool, int run) {
            this.pool = pool;
            this.run = run;
        }

        List<Contact> take(int count) {
            if (next + count > pool.size()) {
                throw new IllegalArgumentException("the contacts table is too small to change for run " + run
                        + ": changes only touch rows past row " + UNTOUCHED_ROWS
                        + "; generate it with --rows 1000 or more");
            }
            List<Contact> taken = pool.subList(next, next + count);
            next += count;
            return taken;
        }
    }

    /** A row a change may touch without disturbing run 1's failures or the planted problems. */
    private static boolean mutable(Contact row) {
        int n = number(row);
        int r = n % 100;
        return n > UNTOUCHED_ROWS && r != 50 && r != 75 && r != 98 && r != 99 && row.email().contains("@");
    }

    private static Contact fieldEdit(Contact row, int i, Random random) {
        return switch (i % 3) {
            case 0 -> row.withPlan(PLANS[(indexOf(PLANS, row.plan()) + 1) % PLANS.length]);
            case 1 -> row.withLastName(pick(LAST_NAMES, random) + "-" + row.lastName());
            default -> row.withAge(row.age() + 1);
        };
    }

    private static Contact cleanRow(int n, Random random) {
        String first = pick(FIRST_NAMES, random);
        String last = pick(LAST_NAMES, random);
        return new Contact(id(n), first + "." + last + "." + n + "@example.com", first, last, pick(PLANS, random),
                18 + random.nextInt(60), n % 2 == 0);
    }

    private static String invalidEmail(Contact row) {
        return row.email().replace('@', '.');
    }

    static String id(int n) {
        return String.format(Locale.ROOT, "C%07d", n);
    }

    /** The row number in a {@code C%07d} id; -1 for ids of another form (the planted duplicates). */
    static int number(Contact row) {
        return row.id().startsWith("C") ? Integer.parseInt(row.id().substring(1)) : -1;
    }

    private static String pick(String[] values, Random random) {
        return values[random.nextInt(values.length)];
    }

    private static int indexOf(String[] values, String value) {
        for (int i = 0; i < values.length; i++) {
            if (values[i].equals(value)) {
                return i;
            }
        }
        return -1;
    }
}
