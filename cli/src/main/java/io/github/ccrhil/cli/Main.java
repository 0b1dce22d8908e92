package io.github.ccrhil.cli;

public final class Main {
    public static void main(String[] args) {
        System.out.println("ccr-hil");
    }
}
