package io.pybitbot.cli;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.pybitbot.config.AppConfig;
import io.pybitbot.config.ConfigException;
import io.pybitbot.config.EnvSettings;
import io.pybitbot.config.ParamValues;
import io.pybitbot.config.Secret;
import io.pybitbot.domain.Interval;
import java.io.IOException;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code show-config}: the effective configuration, every default filled in, as JSON. Secrets (API key and secret,
 * the status token, the Telegram token, the webhook URL, the journal password) show only whether they are set.
 */
@Command(name = "show-config", mixinStandardHelpOptions = true,
        description = {"Print the effective configuration (the four JSON files with every default filled in, the .env",
                "settings, application.conf's runtime settings, the journal) as JSON. Secrets are masked."})
public final class ShowConfigCommand implements Callable<Integer> {

    static final String MASKED = "(set, masked)";

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @CommandLine.Mixin
    ConfigOptions config = new ConfigOptions();

    @Override
    public Integer call() throws IOException {
        AppConfig cfg;
        try {
            cfg = config.load();
        } catch (ConfigException e) {
            return config.reportProblems(e, spec.commandLine().getErr());
        }
        ObjectMapper json = mapper();
        ObjectNode root = json.createObjectNode();
        root.put("config_dir", cfg.configDir().toAbsolutePath().normalize().toString());
        root.put("env_file", cfg.envFile().map(p -> p.toAbsolutePath().normalize().toString()).orElse("(none)"));
        root.set("general", json.valueToTree(cfg.general()));
        root.set("strategies", json.valueToTree(cfg.strategies().all()));
        root.set("execution", json.valueToTree(cfg.execution()));
        root.set("indicators", json.valueToTree(cfg.indicators()));
        root.set("env", env(json, cfg.env()));
        root.set("runtime", json.valueToTree(cfg.runtime().settings()));
        root.put("application_conf", cfg.runtime().source().map(p -> p.toAbsolutePath().normalize().toString())
                .orElse("(none: packaged defaults)"));
        root.put("journal", cfg.journal().describe());
        PrintWriter out = spec.commandLine().getOut();
        out.println(json.writerWithDefaultPrettyPrinter().writeValueAsString(root));
        out.flush();
        return ExitCodes.OK;
    }

    /** Key by key, as .env.example names them: plain settings as they are, secrets only as set or not. */
    private static ObjectNode env(ObjectMapper json, EnvSettings e) {
        ObjectNode n = json.createObjectNode();
        n.put("BYBIT_API_KEY", masked(e.credentials().apiKey()));
        n.put("BYBIT_API_SECRET", masked(e.credentials().apiSecret()));
        n.put("BYBIT_TESTNET", e.credentials().testnet().map(String::valueOf).orElse("(not set)"));
        n.put(EnvSettings.DEMO, e.demo().map(String::valueOf).orElse("(not set)"));
        n.put(EnvSettings.BASE_URL, e.baseUrl().map(Object::toString).orElse("(not set)"));
        n.put(EnvSettings.STATUS_TOKEN, masked(e.statusToken()));
        n.put("ALERT_WEBHOOK_URL", e.alerts().webhook().isPresent() ? MASKED : "(not set)");
        n.put("TELEGRAM_BOT_TOKEN", masked(e.alerts().telegramToken()));
        n.put("TELEGRAM_CHAT_ID", e.alerts().telegramChatId().orElse("(not set)"));
        n.put("TELEGRAM_API_URL", e.alerts().telegramApi().toString());
        return n;
    }

    private static String masked(Optional<Secret> s) {
        return s.isPresent() ? MASKED : "(not set)";
    }

    private static ObjectMapper mapper() {
        SimpleModule m = new SimpleModule();
        m.addSerializer(Secret.class, new JsonSerializer<>() {
            @Override
            public void serialize(Secret value, JsonGenerator g, SerializerProvider p) throws IOException {
                g.writeString(MASKED);
            }
        });
        m.addSerializer(ParamValues.class, new JsonSerializer<>() {
            @Override
            public void serialize(ParamValues value, JsonGenerator g, SerializerProvider p) throws IOException {
                p.defaultSerializeValue(value.asMap(), g);
            }
        });
        m.addSerializer(Duration.class, new JsonSerializer<>() {
            @Override
            public void serialize(Duration value, JsonGenerator g, SerializerProvider p) throws IOException {
                g.writeString(value.toMillis() % 1000 == 0 ? value.toSeconds() + "s" : value.toMillis() + "ms");
            }
        });
        m.addSerializer(Interval.class, new JsonSerializer<>() {
            @Override
            public void serialize(Interval value, JsonGenerator g, SerializerProvider p) throws IOException {
                g.writeString(value.code());
            }
        });
        // an enum as the configuration spells it: its code() ("sim", "risk_per_trade") or wire() ("Market") form
        m.addSerializer(Enum.class, new JsonSerializer<>() {
            @Override
            public void serialize(Enum value, JsonGenerator g, SerializerProvider p) throws IOException {
                for (String method : new String[] {"code", "wire"}) {
                    try {
                        Object spelled = value.getClass().getMethod(method).invoke(value);
                        if (spelled instanceof String s) {
                            g.writeString(s);
                            return;
                        }
                    } catch (ReflectiveOperationException | RuntimeException e) {
                        // no such spelling: try the next
                    }
                }
                g.writeString(value.name());
            }
        });
        m.addKeySerializer(Interval.class, new JsonSerializer<>() {
            @Override
            public void serialize(Interval value, JsonGenerator g, SerializerProvider p) throws IOException {
                g.writeFieldName(value.code());
            }
        });
        return new ObjectMapper().registerModule(new com.fasterxml.jackson.datatype.jdk8.Jdk8Module()).registerModule(m)
                .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
                .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS);
    }
}
