# genapi.awk - generate the API table, client stubs and index headers from
# src/modules/mempool/api.def.  Usage:
#   awk -f tools/genapi.awk -v out=build/gen -v api=include/memory_api.h \
#       src/modules/mempool/api.def
#
# Every line is checked before anything is written: the columns' values,
# and for each entry with a C stub its prototype in memory_api.h (api=),
# whose return type must be the line's `ret` and whose parameters must add
# up to the line's `words`.  A wrong column would make a stub return the
# wrong "no module" value or the C gate copy the wrong arguments.
BEGIN { n = 0; bad = 0 }
/^[ \t]*#/ || NF == 0 { next }
{
    why = ""
    if (NF != 7)
        why = "want 7 columns: name kind words context ret stub group"
    else if ($1 !~ /^[a-z][a-z0-9_]*$/)
        why = "name: lower case, digits, _"
    else if ($2 != "asm" && $2 != "c" && $2 != "reg")
        why = "kind: asm, c or reg"
    else if ($3 !~ /^[0-9]+$/)
        why = "words: a number"
    else if ($4 != "isr" && $4 != "task")
        why = "context: isr or task"
    else if ($2 == "reg" && $5 != "-")
        why = "ret: - for a reg entry (no C stub)"
    else if ($2 != "reg" && $5 != "fp" && $5 != "int" && $5 != "u16" && $5 != "void")
        why = "ret: fp, int, u16 or void"
    else if ($2 == "c" && $5 != "int")
        why = "ret: int for a c entry (the C gate answers MEM_E_BUSY in AX)"
    else if ($2 == "c" && $4 != "task")
        why = "context: task for a c entry (the C gate refuses ISR calls)"
    else if ($6 != "gen" && $6 != "lib")
        why = "stub: gen or lib"
    else if ($7 != "core" && $7 != "map" && $7 != "svc" && $7 != "stats" && $7 != "xms" && $7 != "setup")
        why = "group: core, map, svc, stats, xms or setup"
    else if (($2 == "reg" || $4 == "isr") && $7 != "core")
        why = "group: core for an ISR-safe or reg entry (ISR-safe code never moves)"
    else if ($1 in seen)
        why = "name already used"
    if (why != "") {
        printf "api.def:%d: bad line (%s): %s\n", FNR, why, $0 > "/dev/stderr"
        bad = 1
        next
    }
    seen[$1] = 1
    name[n] = $1; kind[n] = $2; words[n] = $3; ctx[n] = $4; ret[n] = $5
    stub[n] = $6; group[n] = $7; n++
}

# The C type of a prototype's return as an api.def `ret`, "" if none fits.
function ret_of(t) {
    if (t == "mem_fp_t") return "fp"
    if (t == "int") return "int"
    if (t == "mem_u16") return "u16"
    if (t == "void") return "void"
    return ""
}

# Argument words of a parameter list ("mem_fp_t dst, mem_u16 len"), -1 for
# a type this script does not know.
function words_of(plist,    np, parts, i, t, w) {
    gsub(/^[ \t]+|[ \t]+$/, "", plist)
    if (plist == "void") return 0
    np = split(plist, parts, ",")
    w = 0
    for (i = 1; i <= np; i++) {
        t = parts[i]
        sub(/^[ \t]+/, "", t)
        sub(/[ \t].*$/, "", t)
        if (t == "mem_fp_t" || t == "mem_u32") w += 2
        else if (t == "int" || t == "mem_u16" || t == "mem_u8" || t == "mem_xms_t") w += 1
        else return -1
    }
    return w
}

END {
    if (bad) exit 1
    if (api == "") { print "genapi.awk: -v api=include/memory_api.h missing" > "/dev/stderr"; exit 1 }
    state = ""
    # Prototypes sit on one line at column 0: "TYPE mem_NAME(PARAMS);".
    while ((rc = (getline line < api)) > 0) {
        if (line ~ /^#define MEM_E_STATE[ \t]/) {
            state = line
            sub(/^#define MEM_E_STATE[ \t]+\(?/, "", state)
            sub(/\).*$/, "", state)
            sub(/[ \t].*$/, "", state)
        }
        if (line !~ /^[a-z_0-9]+ \**mem_[a-z0-9_]+\(.*\);/) continue
        t = line; sub(/ .*$/, "", t)
        f = line; sub(/^[^ ]+ \**mem_/, "", f); sub(/\(.*$/, "", f)
        p = line; sub(/^[^(]*\(/, "", p); sub(/\);.*$/, "", p)
        proto_ret[f] = ret_of(t); proto_words[f] = words_of(p)
    }
    if (rc < 0) { printf "genapi.awk: cannot read %s\n", api > "/dev/stderr"; exit 1 }
    if (state !~ /^-[0-9]+$/) { printf "genapi.awk: no MEM_E_STATE in %s\n", api > "/dev/stderr"; exit 1 }
    for (i = 0; i < n; i++) {
        if (kind[i] == "reg") {
            if (name[i] in proto_ret) {
                printf "api.def: %s: reg entry, but memory_api.h has a C prototype for it\n", name[i] > "/dev/stderr"; bad = 1
            }
            continue
        }
        if (!(name[i] in proto_ret)) {
            printf "api.def: %s: no prototype mem_%s(...) in %s\n", name[i], name[i], api > "/dev/stderr"; bad = 1
        } else if (proto_ret[name[i]] != ret[i]) {
            printf "api.def: %s: ret %s, but memory_api.h returns %s\n", name[i], ret[i], proto_ret[name[i]] == "" ? "another type" : proto_ret[name[i]] > "/dev/stderr"; bad = 1
        } else if (proto_words[name[i]] != words[i]) {
            printf "api.def: %s: words %s, but memory_api.h's parameters take %d\n", name[i], words[i], proto_words[name[i]] > "/dev/stderr"; bad = 1
        }
    }
    if (bad) exit 1

    t = out "/api_table.asm"; s = out "/mem_stubs.asm"; h = out "/mem_api_idx.h"
    print "; generated by tools/genapi.awk from api.def - do not edit" > t
    print "; The module's API table (near offsets).  The C gate's shims of the" > t
    print "; c entries are in shims_GROUP.asm, linked with their group." > t
    print "cpu 286" > t
    print "section .text" > t
    print "global _mod_api_table, mod_api_data_beg, mod_api_data_end" > t
    printf "%%include \"api_count.inc\"\n" > t
    for (i = 0; i < n; i++)
        if (kind[i] == "c") printf "extern gate_%s\n", name[i] > t
        else printf "extern _mod_%s\n", name[i] > t
    print "mod_api_data_beg:" > t
    print "_mod_api_table:" > t
    for (i = 0; i < n; i++)
        if (kind[i] == "c") printf "    dw gate_%s\n", name[i] > t
        else printf "    dw _mod_%s\n", name[i] > t
    print "mod_api_data_end:" > t
    c = out "/api_count.inc"
    print "; generated by tools/genapi.awk from api.def - do not edit" > c
    printf "MOD_API_COUNT equ %d\n", n > c
    print "global _mod_api_count" > t
    print "_mod_api_count equ MOD_API_COUNT" > t
    split("core map svc stats xms setup", groups, " ")
    for (g = 1; g <= 6; g++) {
        f = out "/shims_" groups[g] ".asm"
        printf "; generated by tools/genapi.awk from api.def - do not edit\n" > f
        printf "; C-gate shims of the %s group's c entries: each names its C\n", groups[g] > f
        printf "; function (BX) and argument words (CX) and jumps to the gate.\n" > f
        printf "cpu 286\nsection .text\nextern c_gate\n" > f
        for (i = 0; i < n; i++) if (kind[i] == "c" && group[i] == groups[g]) {
            printf "global gate_%s\nextern _mod_%s\n", name[i], name[i] > f
            printf "gate_%s:\n    mov bx, _mod_%s\n    mov cx, %d\n    jmp c_gate\n", name[i], name[i], words[i] > f
        }
        close(f)
    }

    print "; generated by tools/genapi.awk from api.def - do not edit" > s
    print "; Client stubs: a near call from C becomes a far jump to the module's" > s
    print "; entry (its RETF comes back to the C caller).  Bound (mem_stubs_bind(1)," > s
    print "; after mem_load() filled _mem_api_tab) a stub is" > s
    print ";     POP BX / PUSH CS / PUSH BX / JMP FAR seg:off       (80286: 22 clocks)" > s
    print "; with the entry written into its JMP FAR; unbound (before mem_load, after" > s
    print "; mem_unload) its first three bytes are a JMP NEAR to the answer of its C" > s
    print "; return type (api.def ret).  Nothing is tested per call." > s
    print "cpu 286" > s
    print "section .text" > s
    ns = 0
    for (i = 0; i < n; i++) {
        if (kind[i] == "reg") continue     # register entries: asm callers only
        if (stub[i] == "lib") continue     # the client library has its own
        printf "global _mem_%s\n_mem_%s:\n    db 0E9h\n    dw mem_unbound_%s - ($ + 2)\n    jmp 0:0\n", name[i], name[i], ret[i] > s
        sname[ns] = name[i]; sidx[ns] = i; sret[ns] = ret[i]; ns++
    }
    print "" > s
    print "; void mem_stubs_bind(int bind)" > s
    print "; bind != 0: every stub above jumps to the entry mem_load() put in" > s
    print "; _mem_api_tab; bind = 0: back to the unbound answers.  Writes code through" > s
    print "; CS, so it works whatever DS is; a near jump then empties the prefetch" > s
    print "; queue.  In: [sp+2] bind.  Modifies: AX BX CX DX.  C twin: none." > s
    print "; Context: init (mem_load, mem_seal, mem_unload): no interrupt handler may" > s
    print "; call into the library while it runs (the core binds before it hooks a" > s
    print "; NIC interrupt and unhooks before it unloads)." > s
    print "global _mem_stubs_bind" > s
    print "_mem_stubs_bind:" > s
    print "    push bp\n    mov bp, sp\n    push si\n    mov si, mem_stub_tab" > s
    print ".next:\n    mov bx, [cs:si]             ; the stub" > s
    print "    cmp word [bp+4], 0\n    je .unbind" > s
    print "    mov ax, [cs:si+2]           ; 4 * MEM_FN_x" > s
    print "    xchg ax, bx\n    mov cx, [_mem_api_tab+bx]\n    mov dx, [_mem_api_tab+bx+2]\n    xchg ax, bx" > s
    print "    mov word [cs:bx], 0E5Bh     ; POP BX / PUSH CS" > s
    print "    mov byte [cs:bx+2], 53h     ; PUSH BX" > s
    print "    mov [cs:bx+4], cx           ; JMP FAR seg:off" > s
    print "    mov [cs:bx+6], dx\n    jmp short .step" > s
    print ".unbind:\n    mov ax, [cs:si+4]           ; the unbound answer" > s
    print "    sub ax, bx\n    sub ax, 3\n    mov byte [cs:bx], 0E9h      ; JMP NEAR rel16\n    mov [cs:bx+1], ax" > s
    print ".step:\n    add si, 6\n    cmp si, mem_stub_end\n    jb .next" > s
    print "    jmp short .flush\n.flush:\n    pop si\n    pop bp\n    ret" > s
    print "mem_stubs_data_beg:             ; (data in the code: tools/check286.sh skips it)" > s
    print "mem_stub_tab:                   ; the stub, 4 * its index, its unbound answer" > s
    for (k = 0; k < ns; k++)
        printf "    dw _mem_%s, %d, mem_unbound_%s\n", sname[k], 4 * sidx[k], sret[k] > s
    print "mem_stub_end:" > s
    print "mem_stubs_data_end:" > s
    print "; No module loaded.  fp: MEM_FP_NULL (DX:AX = 0:0), so a caller that" > s
    print "; tests for null never writes through 0000:FFF4.  u16 (mem_version," > s
    print "; mem_cpu): 0, the least any answer could claim.  int, and void (AX" > s
    printf "; is nobody's result there): MEM_E_STATE (%s), DX = 0.\n", state > s
    print "mem_unbound_fp:\nmem_unbound_u16:\n    xor ax, ax\n    xor dx, dx\n    ret" > s
    printf "mem_unbound_int:\nmem_unbound_void:\n    mov ax, %s\n    xor dx, dx\n    ret\n", state > s
    print "section .data" > s
    print "global _mem_api_tab" > s
    printf "_mem_api_tab: times %d dd 0\n", n > s

    print "/* generated by tools/genapi.awk from api.def - do not edit */" > h
    print "#ifndef MEM_API_IDX_H\n#define MEM_API_IDX_H" > h
    for (i = 0; i < n; i++) { u = toupper(name[i]); printf "#define MEM_FN_%s %d\n", u, i > h }
    printf "#define MEM_API_COUNT %d\n", n > h
    print "" > h
    print "/* api.def's columns per entry, in table order, for tests that walk" > h
    print " * every entry: MEM_API_ROWS is an initializer of" > h
    print " *   { name, kind, argument words, context, return type, group }. */" > h
    print "#define MEM_KIND_ASM 0\n#define MEM_KIND_REG 1\n#define MEM_KIND_C   2" > h
    print "#define MEM_CTX_ISR  0\n#define MEM_CTX_TASK 1" > h
    print "#define MEM_RET_NONE 0   /* reg entry: no C stub */" > h
    print "#define MEM_RET_FP   1\n#define MEM_RET_INT  2\n#define MEM_RET_U16  3\n#define MEM_RET_VOID 4" > h
    print "/* groups: MEM_SEAL_DROP_x of group g (1..4) is 1 << (g - 1) */" > h
    print "#define MEM_GRP_CORE 0\n#define MEM_GRP_MAP  1\n#define MEM_GRP_SVC  2\n#define MEM_GRP_STATS 3\n#define MEM_GRP_XMS  4\n#define MEM_GRP_SETUP 5" > h
    printf "#define MEM_API_ROWS { \\\n" > h
    for (i = 0; i < n; i++) {
        r = (ret[i] == "-") ? "NONE" : toupper(ret[i])
        printf "    { \"%s\", MEM_KIND_%s, %d, MEM_CTX_%s, MEM_RET_%s, MEM_GRP_%s }%s \\\n", name[i], toupper(kind[i]), words[i], toupper(ctx[i]), r, toupper(group[i]), (i < n - 1) ? "," : "" > h
    }
    print "}" > h
    print "/* The client stubs in the same order, MEM_API_STUB(mem_NAME) each" > h
    print " * (MEM_API_STUB(0) for a reg entry), no separators: the includer" > h
    print " * defines MEM_API_STUB, e.g. as a statement that stores the pointer. */" > h
    printf "#define MEM_API_STUBS \\\n" > h
    for (i = 0; i < n; i++)
        printf "    MEM_API_STUB(%s)%s\n", (kind[i] == "reg") ? "0" : "mem_" name[i], (i < n - 1) ? " \\" : "" > h
    print "#endif" > h

    a = out "/mem_api_idx.inc"
    print "; generated by tools/genapi.awk from api.def - do not edit" > a
    print "; API table indices for NIC code in assembly: the far pointer of" > a
    print "; entry MEM_FN_x is at _mem_api_tab + 4 * MEM_FN_x once mem_load() ran." > a
    for (i = 0; i < n; i++) { u = toupper(name[i]); printf "MEM_FN_%s equ %d\n", u, i > a }
    printf "MEM_API_COUNT equ %d\n", n > a
}
