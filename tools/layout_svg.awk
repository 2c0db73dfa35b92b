# layout_svg.awk - turn MPDEMO's LAYOUT.TXT into an SVG picture of the
# first megabyte: conventional memory and UMBs, the module, pool arenas,
# DMA arenas, free blocks, with every 64 KB physical boundary marked.
#
#   awk -f tools/layout_svg.awk build/layout/LAYOUT.TXT > build/layout.svg
#
# Input lines: "kind name seg paras" (seg and paras in hex).  kind is one
# of conv, dos, free, prog, module, pool, dma, mempool, boundary.
# Scale: 1 pixel per 32 paragraphs (512 bytes), 0 KB at the top.

function hex(s,   i, c, v) {
    v = 0
    s = toupper(s)
    for (i = 1; i <= length(s); i++) {
        c = index("0123456789ABCDEF", substr(s, i, 1))
        if (c == 0) return -1
        v = v * 16 + c - 1
    }
    return v
}
function y(seg) { return TOP + seg / 32 }
function esc(s) { gsub(/&/, "\\&amp;", s); gsub(/</, "\\&lt;", s); return s }

BEGIN {
    TOP = 30; BX = 110; BW = 160; LX = 300
    col["dos"] = "#b0b0b0"; col["free"] = "#ffffff"; col["prog"] = "#9ecae1"
    col["module"] = "#fdae6b"; col["pool"] = "#74c476"; col["dma"] = "#e6550d"
    col["mempool"] = "#c7e9c0"
    n = 0; nb = 0; convtop = 0xA000
}
NF >= 4 {
    seg = hex($3); paras = hex($4)
    if (seg < 0 || paras < 0) { bad++; next }
    if ($1 == "conv") { convtop = seg; next }
    if ($1 == "boundary") { nb++; bseg[nb] = seg; bname[nb] = $2; next }
    n++; kind[n] = $1; name[n] = $2; s[n] = seg; p[n] = paras
}
END {
    H = y(65536) + 40
    printf "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
    printf "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"760\" height=\"%d\" " \
           "font-family=\"monospace\" font-size=\"11\">\n", H
    printf "<rect x=\"0\" y=\"0\" width=\"760\" height=\"%d\" fill=\"#fafafa\"/>\n", H
    printf "<text x=\"10\" y=\"18\" font-size=\"14\">MEMPOOL memory layout " \
           "(first MB, 1 px = 512 bytes)</text>\n"
    # regions: conventional, video/ROM hole, upper memory
    printf "<rect x=\"%d\" y=\"%.1f\" width=\"%d\" height=\"%.1f\" fill=\"#eeeeee\" " \
           "stroke=\"#444\"/>\n", BX, y(0), BW, convtop / 32
    printf "<rect x=\"%d\" y=\"%.1f\" width=\"%d\" height=\"%.1f\" fill=\"#dddddd\" " \
           "stroke=\"#444\" stroke-dasharray=\"4,2\"/>\n", BX, y(convtop), BW, \
           (65536 - convtop) / 32
    printf "<text x=\"8\" y=\"%.1f\">conventional</text>\n", y(convtop / 2)
    printf "<text x=\"8\" y=\"%.1f\">upper memory</text>\n", y(0xD000)
    # blocks
    lasty = 0
    for (i = 1; i <= n; i++) {
        c = (kind[i] in col) ? col[kind[i]] : "#cccccc"
        h = p[i] / 32; if (h < 1) h = 1
        printf "<rect x=\"%d\" y=\"%.1f\" width=\"%d\" height=\"%.1f\" fill=\"%s\" " \
               "stroke=\"#333\" stroke-width=\"0.5\"><title>%s %s at %04X, %d bytes" \
               "</title></rect>\n", BX, y(s[i]), BW, h, c, kind[i], esc(name[i]), \
               s[i], p[i] * 16
        if (kind[i] == "free" && p[i] < 64) continue
        ly = y(s[i]) + h / 2 + 4
        if (ly < lasty + 12) ly = lasty + 12
        lasty = ly
        printf "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"#888\" " \
               "stroke-width=\"0.5\"/>\n", BX + BW, y(s[i]) + h / 2, LX - 4, ly - 4
        printf "<text x=\"%d\" y=\"%.1f\">%04X %-7s %-22s %6d B</text>\n", LX, ly, \
               s[i], kind[i], esc(name[i]), p[i] * 16
    }
    # 64 KB boundaries (every one; those inside a DMA range in red)
    for (b = 0; b <= 65536; b += 4096) {
        red = 0
        for (j = 1; j <= nb; j++) if (bseg[j] == b) red = j
        printf "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"%s\" " \
               "stroke-width=\"%s\"/>\n", BX - 20, y(b), BX + BW + 6, y(b), \
               red ? "#d00" : "#36c", red ? "1.5" : "0.8"
        printf "<text x=\"%d\" y=\"%.1f\" fill=\"%s\" text-anchor=\"end\">%05X</text>\n", \
               BX - 22, y(b) + 4, red ? "#d00" : "#36c", b * 16
        if (red)
            printf "<text x=\"%d\" y=\"%.1f\" fill=\"#d00\" font-size=\"9\">" \
                   "inside %s: no buffer crosses</text>\n", BX + 4, y(b) - 2, esc(bname[red])
    }
    # legend
    lx = 560; ly = 40
    split("module pool dma prog dos free", lk, " ")
    for (k = 1; k <= 6; k++) {
        printf "<rect x=\"%d\" y=\"%d\" width=\"12\" height=\"10\" fill=\"%s\" " \
               "stroke=\"#333\"/>\n", lx, ly + k * 14, col[lk[k]]
        printf "<text x=\"%d\" y=\"%d\">%s</text>\n", lx + 16, ly + k * 14 + 9, lk[k]
    }
    printf "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#36c\"/>" \
           "<text x=\"%d\" y=\"%d\">64 KB boundary</text>\n", lx, ly + 110, lx + 12, \
           ly + 110, lx + 16, ly + 114
    printf "</svg>\n"
    if (bad) exit 1
}
