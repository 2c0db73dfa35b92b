/* bench86.c - clock-counting bench harness for 16-bit DOS .COM programs.
 *
 *   bench86 [--cpu 286|386|both] [--tsv out.tsv] [--limit N] [--trace file]
 *           [--dir DIR] [--quiet] [--v86] [--vds] PROGRAM.COM [args]
 *   bench86 --dump-table
 *
 * Runs the program once per CPU model (see cpu_trace.c), prints the program's
 * own output (first pass only), then a summary, and writes the figures as TSV
 * rows "metric<TAB>cpu<TAB>value<TAB>unit".  README.md documents the figures,
 * the marker protocol and the counting rules.
 *
 * Exit status: 0 all passes ran to the program's exit with code 0 and no marker
 * errors; 1 the program exited with a non-zero code; 2 usage or file error;
 * 3 emulation error (CPU fault, instruction limit, no exit); 4 marker errors.
 */
#include "bench86.h"

#include <stdlib.h>
#include <string.h>

static struct pass_result passes[CLK_NCPU];

static void usage(void)
{
    fprintf(stderr,
            "usage: bench86 [--cpu 286|386|both] [--tsv out.tsv] [--limit N]\n"
            "               [--trace file] [--dir DIR] [--quiet] [--v86] [--vds]\n"
            "               PROGRAM.COM [args]\n"
            "       bench86 --dump-table\n");
    exit(2);
}

static const char *cpu_name(enum clk_cpu c)
{
    return c == CLK_286 ? "286" : "386";
}

static void dump_table(void)
{
    int r, c;
    printf("row\tcpu\tbase\tper\tnot_taken\tplus_m\tsource\n");
    for (r = 0; r < clk_row_count(); r++) {
        for (c = 0; c < CLK_NCPU; c++) {
            int base, per, nt, m;
            const char *src;
            clk_row_figures(r, (enum clk_cpu)c, &base, &per, &nt, &m, &src);
            printf("%s\t%s\t%d\t%d\t%d\t%d\t%s\n", clk_row_name(r),
                   cpu_name((enum clk_cpu)c), base, per, nt, m, src);
        }
    }
}

static int cmp_u64(const void *a, const void *b)
{
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
    return x < y ? -1 : x > y;
}

static const char *region_label(int id, char *buf, size_t n)
{
    if (bench_region_name[id][0])
        return bench_region_name[id];
    snprintf(buf, n, "region%d", id);
    return buf;
}

/* min / lower median / max of one region in one pass (sorts in place). */
static void region_figures(struct region_stats *s, uint64_t *mn, uint64_t *med,
                           uint64_t *mx)
{
    qsort(s->clk, s->n, sizeof *s->clk, cmp_u64);
    *mn = s->clk[0];
    *med = s->clk[(s->n - 1) / 2];
    *mx = s->clk[s->n - 1];
}

static int region_used(int id)
{
    int c;
    if (bench_region_name[id][0])
        return 1;
    for (c = 0; c < CLK_NCPU; c++)
        if (passes[c].ran && passes[c].reg[id].n)
            return 1;
    return 0;
}

static void where(uint32_t lin, char *buf, size_t n)
{
    if (lin >= ((uint32_t)SEG_PSP << 4) && lin < ((uint32_t)SEG_PSP << 4) + 0x10000u)
        snprintf(buf, n, "%04X:%04X", SEG_PSP, lin - ((uint32_t)SEG_PSP << 4));
    else
        snprintf(buf, n, "linear %05X", lin);
}

static void write_tsv(FILE *f)
{
    int id, c;
    char lb[32];
    fprintf(f, "metric\tcpu\tvalue\tunit\n");
    for (id = 1; id <= BENCH_MAX_ID; id++) {
        if (!region_used(id))
            continue;
        for (c = 0; c < CLK_NCPU; c++) {
            struct region_stats *s = &passes[c].reg[id];
            const char *nm = region_label(id, lb, sizeof lb);
            const char *cpu = cpu_name((enum clk_cpu)c);
            uint64_t mn, med, mx;
            if (!passes[c].ran)
                continue;
            if (s->n) {
                region_figures(s, &mn, &med, &mx);
                fprintf(f, "%s\t%s\t%llu\tclocks\n", nm, cpu, (unsigned long long)med);
                fprintf(f, "%s_min\t%s\t%llu\tclocks\n", nm, cpu, (unsigned long long)mn);
                fprintf(f, "%s_max\t%s\t%llu\tclocks\n", nm, cpu, (unsigned long long)mx);
            }
            fprintf(f, "%s_n\t%s\t%zu\tentries\n", nm, cpu, s->n);
            if (s->n)
                fprintf(f, "%s_irqoff\t%s\t%llu\tclocks\n", nm, cpu,
                        (unsigned long long)s->irqoff_max);
        }
    }
    for (c = 0; c < CLK_NCPU; c++) {
        struct pass_result *p = &passes[c];
        const char *cpu = cpu_name((enum clk_cpu)c);
        if (!p->ran)
            continue;
        fprintf(f, "irq_off_max_all\t%s\t%llu\tclocks\n", cpu,
                (unsigned long long)p->irqoff_max);
        fprintf(f, "unknown_insns\t%s\t%llu\tinsns\n", cpu,
                (unsigned long long)p->unknown_insns);
        fprintf(f, "total_clocks\t%s\t%llu\tclocks\n", cpu,
                (unsigned long long)p->total_clocks);
        fprintf(f, "total_insns\t%s\t%llu\tinsns\n", cpu,
                (unsigned long long)p->total_insns);
        if (c == CLK_286)
            fprintf(f, "insns_386_only\t%s\t%llu\tinsns\n", cpu,
                    (unsigned long long)p->insns_386_only);
        fprintf(f, "marker_errors\t%s\t%llu\tcount\n", cpu,
                (unsigned long long)p->marker_errors);
        fprintf(f, "irq_injected\t%s\t%llu\tcount\n", cpu,
                (unsigned long long)p->irq_injected);
    }
}

static void summary(const char *prog)
{
    int id, c, i;
    char lb[32], at[32];

    printf("\nbench86: %s\n", prog);
    printf("%-24s %-4s %6s %10s %10s %10s %8s\n", "region", "cpu", "n", "min",
           "median", "max", "irqoff");
    for (id = 1; id <= BENCH_MAX_ID; id++) {
        if (!region_used(id))
            continue;
        for (c = 0; c < CLK_NCPU; c++) {
            struct region_stats *s = &passes[c].reg[id];
            uint64_t mn, med, mx;
            if (!passes[c].ran)
                continue;
            if (!s->n) {
                printf("%-24s %-4s %6s\n", region_label(id, lb, sizeof lb),
                       cpu_name((enum clk_cpu)c), "0");
                continue;
            }
            region_figures(s, &mn, &med, &mx);
            printf("%-24s %-4s %6zu %10llu %10llu %10llu %8llu\n",
                   region_label(id, lb, sizeof lb), cpu_name((enum clk_cpu)c), s->n,
                   (unsigned long long)mn, (unsigned long long)med,
                   (unsigned long long)mx, (unsigned long long)s->irqoff_max);
        }
    }
    for (c = 0; c < CLK_NCPU; c++) {
        struct pass_result *p = &passes[c];
        if (!p->ran)
            continue;
        if (p->irqoff_max)
            where(p->irqoff_at, at, sizeof at);
        else
            snprintf(at, sizeof at, "none");
        printf("%s pass: %llu instructions, %llu clocks; longest IF=0 run %llu clocks"
               " (starting at %s)\n", cpu_name(p->cpu),
               (unsigned long long)p->total_insns, (unsigned long long)p->total_clocks,
               (unsigned long long)p->irqoff_max, at);
        if (p->rep_insns)
            printf("%s pass: REP: %llu executions, %llu iterations (unicorn made %llu"
                   " extra code-hook calls for them)\n", cpu_name(p->cpu),
                   (unsigned long long)p->rep_insns, (unsigned long long)p->rep_iters,
                   (unsigned long long)p->rep_hooks);
        if (p->unknown_insns) {
            printf("%s pass: %llu executions of instructions the clock table does not"
                   " know (charged %d clocks each):", cpu_name(p->cpu),
                   (unsigned long long)p->unknown_insns, CLK_UNKNOWN_CLOCKS);
            for (i = 0; i < p->n_unknown; i++)
                printf(" %s x%llu", p->unknown[i].mnem,
                       (unsigned long long)p->unknown[i].count);
            printf("\n");
        }
        if (p->insns_386_only) {
            printf("%s pass: %llu executions of 386-only instructions (priced at "
                   "their 386 figure):", cpu_name(p->cpu),
                   (unsigned long long)p->insns_386_only);
            for (i = 0; i < p->n_only386; i++)
                printf(" %s x%llu", p->only386[i].mnem,
                       (unsigned long long)p->only386[i].count);
            printf("\n");
        }
    }
}

static void report_unknown_stderr(void)
{
    int c, i;
    for (c = 0; c < CLK_NCPU; c++) {
        struct pass_result *p = &passes[c];
        if (!p->ran)
            continue;
        for (i = 0; i < p->n_unknown; i++)
            fprintf(stderr, "bench86: %s pass: unknown instruction '%s' executed %llu"
                    " times, charged %d clocks each\n", cpu_name(p->cpu),
                    p->unknown[i].mnem, (unsigned long long)p->unknown[i].count,
                    CLK_UNKNOWN_CLOCKS);
        for (i = 0; i < p->n_only386; i++)
            fprintf(stderr, "bench86: %s pass: 386-only instruction '%s' executed %llu"
                    " times\n", cpu_name(p->cpu), p->only386[i].mnem,
                    (unsigned long long)p->only386[i].count);
    }
}

int main(int argc, char **argv)
{
    const char *tsv = NULL, *prog = NULL, *trace_path = NULL, *dir = NULL;
    static char progdir[DOS_PATH_MAX];
    int want[CLK_NCPU] = {1, 1};
    int quiet = 0, i, c, first = 1, status = 0, v86 = 0, vds = 0;
    uint64_t limit = 2000000000ull;
    char tail[128];
    FILE *trace = NULL;

    for (i = 1; i < argc && argv[i][0] == '-' && argv[i][1] == '-'; i++) {
        if (strcmp(argv[i], "--cpu") == 0 && i + 1 < argc) {
            const char *v = argv[++i];
            want[CLK_286] = strcmp(v, "286") == 0 || strcmp(v, "both") == 0;
            want[CLK_386] = strcmp(v, "386") == 0 || strcmp(v, "both") == 0;
            if (!want[CLK_286] && !want[CLK_386])
                usage();
        } else if (strcmp(argv[i], "--tsv") == 0 && i + 1 < argc) {
            tsv = argv[++i];
        } else if (strcmp(argv[i], "--limit") == 0 && i + 1 < argc) {
            limit = strtoull(argv[++i], NULL, 0);
        } else if (strcmp(argv[i], "--trace") == 0 && i + 1 < argc) {
            trace_path = argv[++i];
        } else if (strcmp(argv[i], "--dir") == 0 && i + 1 < argc) {
            dir = argv[++i];
        } else if (strcmp(argv[i], "--quiet") == 0) {
            quiet = 1;
        } else if (strcmp(argv[i], "--v86") == 0) {
            v86 = 1;
        } else if (strcmp(argv[i], "--vds") == 0) {
            vds = 1;
        } else if (strcmp(argv[i], "--dump-table") == 0) {
            dump_table();
            return 0;
        } else {
            usage();
        }
    }
    if (i >= argc)
        usage();
    if (v86 && want[CLK_286]) {
        fprintf(stderr, "bench86: --v86 needs --cpu 386 (virtual-8086 mode is a 386's)\n");
        return 2;
    }
    prog = argv[i++];
    tail[0] = 0;
    for (; i < argc; i++) {
        size_t l = strlen(tail);
        snprintf(tail + l, sizeof tail - l, "%s%s", l ? " " : "", argv[i]);
    }
    {
        FILE *f = fopen(prog, "rb");
        if (!f) {
            perror(prog);
            return 2;
        }
        fclose(f);
    }
    if (!dir) {                             /* files: the program's own directory */
        const char *sl = strrchr(prog, '/');
        if (sl)
            snprintf(progdir, sizeof progdir, "%.*s", (int)(sl - prog + (sl == prog)), prog);
        else
            snprintf(progdir, sizeof progdir, ".");
        dir = progdir;
    }
    if (trace_path) {
        trace = fopen(trace_path, "w");
        if (!trace) {
            perror(trace_path);
            return 2;
        }
    }

    for (c = 0; c < CLK_NCPU; c++) {
        struct run_config cfg;
        if (!want[c])
            continue;
        memset(&cfg, 0, sizeof cfg);
        cfg.program = prog;
        cfg.tail = tail;
        cfg.cpu = (enum clk_cpu)c;
        cfg.echo = first && !quiet;
        cfg.insn_limit = limit;
        cfg.trace = trace;
        cfg.dir = dir;
        cfg.v86 = v86;
        cfg.vds = vds;
        first = 0;
        if (trace_run(&cfg, &passes[c]) != 0 && status < 3)
            status = 3;
        if (passes[c].exited && passes[c].exit_code != 0) {
            fprintf(stderr, "bench86: %s pass: program exited with code %d\n",
                    cpu_name((enum clk_cpu)c), passes[c].exit_code);
            if (status == 0)
                status = 1;
        }
        if (passes[c].marker_errors && status < 3)
            status = 4;
    }
    if (trace)
        fclose(trace);

    report_unknown_stderr();
    summary(prog);
    if (tsv) {
        FILE *f = fopen(tsv, "w");
        if (!f) {
            perror(tsv);
            return 2;
        }
        write_tsv(f);
        fclose(f);
    }
    return status;
}
