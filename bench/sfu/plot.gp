# gnuplot -e "data='sfu.dat'; out='docs/bench/sfu-consumers.png'" bench/sfu/plot.gp
# data: index 0 = first mode, index 1 = second (see the "# mode" comment lines); columns:
# consumers forwarding_cpu_pct loss_pct p99_ms generator_cpu_pct
if (!exists("data")) data = 'sfu.dat'
if (!exists("out")) out = 'sfu-consumers.png'
if (!exists("title0")) title0 = 'plain sendmmsg forwarder'
if (!exists("title1")) title1 = 'Parley SfuService'
set terminal pngcairo size 1100,800 font ",10" noenhanced
set output out
set multiplot layout 2,1 title "Forwarded 1 Mbit/s video consumers on one core (loopback, 2-core VM)"
set grid
set key top left
set xlabel "video consumers"
set ylabel "forwarding thread CPU (% of one core)"
plot data index 0 using 1:2 with linespoints lw 2 title title0, \
     data index 1 using 1:2 with linespoints lw 2 title title1, \
     data index 0 using 1:5 with lines dt 2 title 'generator CPU ('.title0.' run)', \
     data index 1 using 1:5 with lines dt 2 title 'generator CPU ('.title1.' run)'
set ylabel "loss (%; none drawn at 0.001)"
set logscale y
set yrange [0.001:100]
plot data index 0 using 1:($3 > 0.001 ? $3 : 0.001) with linespoints lw 2 title title0, \
     data index 1 using 1:($3 > 0.001 ? $3 : 0.001) with linespoints lw 2 title title1, \
     1 with lines dt 3 lc rgb "red" title '1% limit'
unset multiplot
