# gnuplot -e "data='sfu.dat'; out='docs/bench/sfu-consumers.png'" bench/sfu/plot.gp
# data (parley-sfu-bench --plot-data): index 0 = plain, index 1 = sfu; columns:
# consumers forwarding_cpu_pct loss_pct p99_ms generator_cpu_pct forwarding_runqueue_wait_pct
if (!exists("data")) data = 'sfu.dat'
if (!exists("out")) out = 'sfu-consumers.png'
if (!exists("title0")) title0 = 'plain sendmmsg forwarder'
if (!exists("title1")) title1 = 'Parley SfuService'
set terminal pngcairo size 1100,1100 font ",10" noenhanced
set output out
set multiplot layout 3,1 title "Forwarded 1 Mbit/s video consumers (loopback, shared 2-core VM)"
set grid
set key top left opaque box
set xlabel "video consumers"
set ylabel "CPU (% of one core)"
set title "forwarding thread CPU (solid) and the bench's generator threads (dashed)"
set key bottom right opaque box
plot data index 0 using 1:2 with linespoints lw 2 lc 1 title title0, \
     data index 1 using 1:2 with linespoints lw 2 lc 2 title title1, \
     data index 0 using 1:5 with lines dt 2 lc 1 title 'generator, '.title0.' run', \
     data index 1 using 1:5 with lines dt 2 lc 2 title 'generator, '.title1.' run'
set key top left opaque box
set title "forwarding thread runnable but waiting for a CPU (other load on the machine)"
set ylabel "% of the window"
set yrange [0:100]
plot data index 0 using 1:6 with linespoints lw 2 lc 1 title title0, \
     data index 1 using 1:6 with linespoints lw 2 lc 2 title title1
set title "loss (not delivered within 300 ms of the window's end)"
set ylabel "loss (%; none drawn at 0.001)"
set logscale y
set yrange [0.001:100]
plot data index 0 using 1:($3 > 0.001 ? $3 : 0.001) with linespoints lw 2 lc 1 title title0, \
     data index 1 using 1:($3 > 0.001 ? $3 : 0.001) with linespoints lw 2 lc 2 title title1, \
     1 with lines dt 3 lc rgb "red" title '1% limit'
unset multiplot
