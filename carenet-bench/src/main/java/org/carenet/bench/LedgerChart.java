package org.carenet.bench;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import javax.imageio.ImageIO;

/**
 * The ledger benchmark as a PNG: one panel per operation, throughput (log scale) against the number of hospitals,
 * one line per backend. Drawn with the JDK alone, so the benchmark needs no charting library.
 */
final class LedgerChart {

    /** One measured point. */
    record Point(String backend, String operation, int hospitals, double perSecond) {}

    private static final int PANEL_WIDTH = 420;
    private static final int PANEL_HEIGHT = 300;
    private static final int MARGIN = 56;
    private static final Color[] COLORS = {
        new Color(0x0b6e69), new Color(0xb4531b), new Color(0x4b4fb0), new Color(0x8a1c4b)
    };

    private LedgerChart() {}

    static void write(List<Point> points, Path file) {
        List<String> operations =
                points.stream().map(Point::operation).distinct().toList();
        List<String> backends = points.stream().map(Point::backend).distinct().toList();
        TreeSet<Integer> hospitals = new TreeSet<>();
        points.forEach(point -> hospitals.add(point.hospitals()));
        double max = points.stream().mapToDouble(Point::perSecond).max().orElse(1);
        double min = points.stream()
                .mapToDouble(Point::perSecond)
                .filter(value -> value > 0)
                .min()
                .orElse(1);
        double top = Math.pow(10, Math.ceil(Math.log10(Math.max(max, 10))));
        double bottom = Math.pow(10, Math.floor(Math.log10(Math.max(min, 1))));

        int columns = Math.min(2, Math.max(1, operations.size()));
        int rows = (operations.size() + columns - 1) / columns;
        int legend = 36;
        BufferedImage image =
                new BufferedImage(columns * PANEL_WIDTH, rows * PANEL_HEIGHT + legend, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, image.getWidth(), image.getHeight());
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));

        for (int i = 0; i < operations.size(); i++) {
            int x0 = (i % columns) * PANEL_WIDTH;
            int y0 = (i / columns) * PANEL_HEIGHT;
            panel(g, x0, y0, operations.get(i), backends, new ArrayList<>(hospitals), points, bottom, top);
        }
        int x = 12;
        int y = rows * PANEL_HEIGHT + 22;
        for (int b = 0; b < backends.size(); b++) {
            g.setColor(COLORS[b % COLORS.length]);
            g.fillRect(x, y - 10, 14, 10);
            g.setColor(Color.DARK_GRAY);
            g.drawString(backends.get(b), x + 20, y);
            x += 30 + g.getFontMetrics().stringWidth(backends.get(b)) + 20;
        }
        g.drawString("ops/s (log scale) against hospitals", x + 20, y);
        g.dispose();
        try {
            ImageIO.write(image, "png", file.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException("could not write " + file, e);
        }
    }

    private static void panel(
            Graphics2D g,
            int x0,
            int y0,
            String operation,
            List<String> backends,
            List<Integer> hospitals,
            List<Point> points,
            double bottom,
            double top) {
        int left = x0 + MARGIN;
        int right = x0 + PANEL_WIDTH - 16;
        int upper = y0 + 28;
        int lower = y0 + PANEL_HEIGHT - 36;
        g.setColor(Color.DARK_GRAY);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 13));
        g.drawString(operation, left, y0 + 18);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
        for (double tick = bottom; tick <= top * 1.0001; tick *= 10) {
            int y = y(tick, bottom, top, upper, lower);
            g.setColor(new Color(0xe3e8eb));
            g.drawLine(left, y, right, y);
            g.setColor(Color.GRAY);
            g.drawString(String.format(Locale.ROOT, "%,.0f", tick), x0 + 4, y + 4);
        }
        for (int h = 0; h < hospitals.size(); h++) {
            int x = x(h, hospitals.size(), left, right);
            g.setColor(Color.GRAY);
            g.drawString(String.valueOf(hospitals.get(h)), x - 3, lower + 16);
        }
        g.setColor(Color.DARK_GRAY);
        g.drawLine(left, lower, right, lower);
        g.drawLine(left, upper, left, lower);
        for (int b = 0; b < backends.size(); b++) {
            Map<Integer, Double> series = new LinkedHashMap<>();
            for (Point point : points) {
                if (point.backend().equals(backends.get(b)) && point.operation().equals(operation)) {
                    series.put(point.hospitals(), point.perSecond());
                }
            }
            g.setColor(COLORS[b % COLORS.length]);
            g.setStroke(new BasicStroke(2f));
            int previousX = -1;
            int previousY = -1;
            for (int h = 0; h < hospitals.size(); h++) {
                Double value = series.get(hospitals.get(h));
                if (value == null || value <= 0) {
                    previousX = -1;
                    continue;
                }
                int x = x(h, hospitals.size(), left, right);
                int y = y(value, bottom, top, upper, lower);
                g.fillOval(x - 3, y - 3, 7, 7);
                if (previousX >= 0) {
                    g.drawLine(previousX, previousY, x, y);
                }
                previousX = x;
                previousY = y;
            }
            g.setStroke(new BasicStroke(1f));
        }
    }

    private static int x(int index, int count, int left, int right) {
        return count == 1 ? (left + right) / 2 : left + 12 + index * (right - left - 24) / (count - 1);
    }

    private static int y(double value, double bottom, double top, int upper, int lower) {
        double share = (Math.log10(value) - Math.log10(bottom)) / (Math.log10(top) - Math.log10(bottom));
        return (int) Math.round(lower - share * (lower - upper));
    }
}
